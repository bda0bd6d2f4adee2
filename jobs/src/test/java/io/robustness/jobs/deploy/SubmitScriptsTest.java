package io.robustness.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit lines the deploy scripts build, read back from a stand-in spark-submit that
 * prints its arguments: GPU scheduling, libtorch from a folder, shipping of the settings file on
 * YARN, and refusals. (SubmitScriptIT runs the standalone script against a real cluster.)
 */
class SubmitScriptsTest {

  @TempDir Path dir;

  private record Result(int exit, List<String> args, String env, String err) {}

  private Result run(String script, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Path recorder = dir.resolve("spark-submit");
    Files.writeString(
        recorder,
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n"
            + "echo \"ENV PYTORCH_LIBRARY_PATH=${PYTORCH_LIBRARY_PATH:-} PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-}\"\n");
    Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (!Files.exists(dir.resolve("app.jar"))) {
      applicationJarBuiltFor("2.7.1-0.36.0");
    }
    List<String> command = new ArrayList<>(List.of("bash", script(script)));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("LIBTORCH_DIR");
    builder.environment().remove("SPARK_MASTER");
    builder.environment().put("SPARK_SUBMIT", recorder.toString());
    builder.environment().put("ROBUSTNESS_JAR", dir.resolve("app.jar").toString());
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    List<String> lines = out.lines().toList();
    List<String> argsOut = lines.stream().filter(l -> !l.startsWith("ENV ")).toList();
    String envLine = lines.stream().filter(l -> l.startsWith("ENV ")).findFirst().orElse("");
    return new Result(exit, argsOut, envLine, err);
  }

  /** An application jar holding only what the scripts read of it: DJL's binding version. */
  private void applicationJarBuiltFor(String jniVersion) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve("app.jar")))) {
      zip.putNextEntry(new ZipEntry("jnilib/pytorch.properties"));
      zip.write(("jni_version=" + jniVersion + "\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }

  private static String script(String name) {
    return Samples.root().resolve("deploy/spark-submit").resolve(name).toString();
  }

  /** The {@code --conf} values of a run that exited 0. */
  private static List<String> confsOfASuccessfulSubmit(Result r) {
    assertThat(r.exit()).as(r.err()).isZero();
    return values(r.args(), "--conf");
  }

  /** The message of a submit the script refused: exit 2, and spark-submit never ran. */
  private static String refusal(Result r) {
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.args()).isEmpty();
    return r.err();
  }

  /** The value after each occurrence of {@code option}. */
  private static List<String> values(List<String> args, String option) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals(option)) {
        out.add(args.get(i + 1));
      }
    }
    return out;
  }

  @Test
  void standaloneWithGpusSharesEachGpuAndLoadsCudaLibtorchFromItsFolder() throws Exception {
    Result r =
        run(
            "submit-standalone.sh",
            Map.of(
                "SPARK_MASTER", "spark://master:7077",
                "GPUS_PER_EXECUTOR", "1",
                "TASKS_PER_GPU", "4",
                "LIBTORCH_DIR", "/opt/libtorch/lib"),
            "--name",
            "nightly",
            "--",
            "nightly",
            "--conf",
            "nightly.conf");
    assertThat(confsOfASuccessfulSubmit(r))
        .contains(
            "spark.executor.resource.gpu.amount=1",
            "spark.task.resource.gpu.amount=0.25",
            "spark.executorEnv.PYTORCH_LIBRARY_PATH=/opt/libtorch/lib",
            "spark.executorEnv.PYTORCH_VERSION=2.7.1",
            "spark.executorEnv.PYTORCH_FLAVOR=cu128");
    assertThat(values(r.args(), "--master")).containsExactly("spark://master:7077");
    assertThat(values(r.args(), "--deploy-mode")).containsExactly("client");
    assertThat(values(r.args(), "--name")).containsExactly("nightly");
    assertThat(r.args()).doesNotContain("--jars");
    assertThat(r.args().subList(r.args().size() - 4, r.args().size()))
        .containsExactly(dir.resolve("app.jar").toString(), "nightly", "--conf", "nightly.conf");
    assertThat(r.env()).contains("PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_FLAVOR=cu128");
  }

  @Test
  void aJarBuiltOnLibtorch25GetsThatVersionAndItsCudaBuildFromTheFolder() throws Exception {
    applicationJarBuiltFor("2.5.1-0.33.0");
    Result r =
        run("submit-yarn.sh", Map.of("GPUS_PER_EXECUTOR", "1", "LIBTORCH_DIR", "/opt/lt"), "query");
    assertThat(confsOfASuccessfulSubmit(r))
        .contains(
            "spark.executorEnv.PYTORCH_VERSION=2.5.1",
            "spark.executorEnv.PYTORCH_FLAVOR=cu124",
            "spark.yarn.appMasterEnv.PYTORCH_VERSION=2.5.1");
  }

  @Test
  void theVersionNamedInTheEnvironmentWinsOverTheJars() throws Exception {
    Result r =
        run(
            "submit-standalone.sh",
            Map.of(
                "SPARK_MASTER", "spark://m:7077",
                "LIBTORCH_DIR", "/opt/lt",
                "PYTORCH_VERSION", "2.7.0"),
            "audit");
    assertThat(confsOfASuccessfulSubmit(r))
        .contains(
            "spark.executorEnv.PYTORCH_VERSION=2.7.0", "spark.executorEnv.PYTORCH_FLAVOR=cpu");
  }

  @Test
  void aJarWithoutItsLibtorchVersionIsRefusedWhenLibtorchComesFromAFolder() throws Exception {
    Files.writeString(dir.resolve("app.jar"), "not really a jar");
    Result r =
        run(
            "submit-standalone.sh",
            Map.of("SPARK_MASTER", "spark://m:7077", "LIBTORCH_DIR", "/opt/lt"),
            "audit");
    assertThat(refusal(r))
        .contains("cannot read which libtorch " + dir.resolve("app.jar"))
        .contains("set PYTORCH_VERSION");
  }

  @Test
  void onCpuTheLibtorchJarTravelsWithTheJob() throws Exception {
    Path jar = Files.writeString(dir.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"), "");
    Result r =
        run(
            "submit-standalone.sh",
            Map.of("SPARK_MASTER", "spark://m:7077", "LIBTORCH_JAR", jar.toString()),
            "audit",
            "--conf",
            "a.conf");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(values(r.args(), "--jars")).containsExactly(jar.toString());
    assertThat(String.join(" ", r.args())).doesNotContain("resource.gpu");
    assertThat(values(r.args(), "--conf")).contains("spark.executorEnv.THP_MEM_ALLOC_ENABLE=1");
    assertThat(String.join(" ", r.args())).doesNotContain("LD_PRELOAD");
  }

  @Test
  void executorsGetTheAllocatorTheEnvironmentNames() throws Exception {
    Files.writeString(dir.resolve("a.conf"), "robustness {}");
    Path jar = Files.writeString(dir.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"), "");
    Result r =
        run(
            "submit-yarn.sh",
            Map.of(
                "LIBTORCH_JAR",
                jar.toString(),
                "THP_MEM_ALLOC_ENABLE",
                "0",
                "EXECUTOR_LD_PRELOAD",
                "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"),
            "audit",
            "--conf",
            "a.conf");
    assertThat(confsOfASuccessfulSubmit(r))
        .contains(
            "spark.executorEnv.THP_MEM_ALLOC_ENABLE=0",
            "spark.yarn.appMasterEnv.THP_MEM_ALLOC_ENABLE=0",
            "spark.executorEnv.LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4");
  }

  @Test
  void yarnClusterModeShipsTheSettingsFileAndTheDiscoveryScript() throws Exception {
    Files.writeString(dir.resolve("nightly.conf"), "robustness {}");
    Result r =
        run(
            "submit-yarn.sh",
            Map.of("GPUS_PER_EXECUTOR", "2", "LIBTORCH_DIR", "/opt/lt", "QUEUE", "gpu"),
            "nightly",
            "--conf",
            "nightly.conf");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(values(r.args(), "--deploy-mode")).containsExactly("cluster");
    assertThat(values(r.args(), "--queue")).containsExactly("gpu");
    assertThat(values(r.args(), "--files"))
        .containsExactly(script("gpu-discovery.sh") + ",nightly.conf");
    assertThat(values(r.args(), "--conf"))
        .contains(
            "spark.executor.resource.gpu.amount=2",
            "spark.task.resource.gpu.amount=1",
            "spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh",
            "spark.yarn.appMasterEnv.PYTORCH_LIBRARY_PATH=/opt/lt",
            "spark.executorEnv.PYTORCH_LIBRARY_PATH=/opt/lt");
    assertThat(r.args()).last().isEqualTo("nightly.conf");
  }

  @Test
  void gpusWithoutAnInstalledCudaLibtorchAreRefused() throws Exception {
    Result r =
        run(
            "submit-standalone.sh",
            Map.of("SPARK_MASTER", "spark://m:7077", "GPUS_PER_EXECUTOR", "1"),
            "audit");
    assertThat(refusal(r)).contains("GPU executors need a CUDA build of libtorch 2.7.1");
  }

  @Test
  void missingMasterOrCommandIsRefused() throws Exception {
    assertThat(run("submit-standalone.sh", Map.of(), "audit").err()).contains("set SPARK_MASTER");
    Result noCommand = run("submit-yarn.sh", Map.of(), "--name", "x", "--");
    assertThat(noCommand.exit()).isEqualTo(2);
    assertThat(noCommand.err()).contains("no robustness command given");
  }

  @Test
  void theDiscoveryScriptPrintsOrdinalsAsSparkExpects() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/usr/bin/env bash\nprintf '0\\n 1\\n'\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder b = new ProcessBuilder("bash", script("gpu-discovery.sh"));
    b.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process p = b.start();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
        .isEqualTo("{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\"]}");
    ProcessBuilder none = new ProcessBuilder("bash", script("gpu-discovery.sh"));
    none.environment().put("PATH", "/usr/bin:/bin");
    Process q = none.start();
    assertThat(new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
        .isEqualTo("{\"name\": \"gpu\", \"addresses\": []}");
  }
}
