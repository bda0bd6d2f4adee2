package io.robustness.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.LoopbackS3;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's image without a Docker engine: {@code deploy/docker/stage-context.sh} stages a real
 * build context, every COPY of the Dockerfile must find its source there, and the image's files are
 * laid out under a folder as the COPY lines place them; then the job runs from that layout with
 * exactly the Dockerfile's ENV (paths moved under the folder), no libtorch jar on the classpath and
 * no home directory: it must score the sample set offline and unpack nothing.
 */
@Order(5)
class DockerImageIT {

  @TempDir static Path dir;
  private static Path context;
  private static Dockerfile dockerfile;
  private static Path image;

  @BeforeAll
  static void stage() throws Exception {
    context = dir.resolve("context");
    Result staged = bash(List.of(script("stage-context.sh"), context.toString()));
    assertThat(staged.exit()).as(staged.output()).isZero();
    dockerfile = Dockerfile.parse(context.resolve("Dockerfile"));
    image = dir.resolve("image");
    for (Dockerfile.Copy copy : dockerfile.copies()) {
      Path target = image.resolve(dockerfile.imagePathOf(copy.source()).substring(1));
      Files.createDirectories(target.getParent());
      Files.createSymbolicLink(target, context.resolve(copy.source().replaceAll("/$", "")));
    }
  }

  /**
   * A JVM as the image starts it: the application jar, the image's extra Spark jars and Spark's own
   * (here the build's, without libtorch), and only the Dockerfile's ENV with paths moved under the
   * layout, plus {@code extraEnv}.
   */
  private static ProcessBuilder imageJvm(
      List<String> jvmOptions, List<String> args, Map<String, String> extraEnv) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SparkProcesses.JAVA_17_OPENS);
    command.addAll(SparkProcesses.JIT);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(
        String.join(
            java.io.File.pathSeparator,
            image.resolve("opt/robustness/robustness-jobs-cluster.jar").toString(),
            image.resolve("opt/spark/jars").toString() + "/*",
            SparkProcesses.sparkClasspath()));
    command.add("io.robustness.jobs.cli.RobustnessCli");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", dir.resolve("no-home").toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    dockerfile.env().forEach((k, v) -> env.put(k, v.startsWith("/opt/") ? image + v : v));
    env.putAll(extraEnv);
    return builder;
  }

  private static Result run(ProcessBuilder builder) throws Exception {
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private static String script(String name) {
    return Samples.root().resolve("deploy/docker").resolve(name).toString();
  }

  private record Result(int exit, String output) {}

  private static Result bash(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash"));
    command.addAll(args);
    Path log = Files.createTempFile(dir, "log", ".txt");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), Files.readString(log));
  }

  @Test
  void everyCopySourceIsInTheStagedContext() {
    assertThat(dockerfile.copies()).isNotEmpty();
    for (Dockerfile.Copy copy : dockerfile.copies()) {
      assertThat(context.resolve(copy.source())).as(copy.source()).exists();
    }
    assertThat(context.resolve("FLAVOR")).hasContent("cpu");
    assertThat(dockerfile.args()).containsEntry("PYTORCH_FLAVOR", "cpu");
  }

  @Test
  void theImageRunsAsANonRootUserOffline() {
    assertThat(dockerfile.user()).isNotIn("root", "0", "0:0");
    assertThat(dockerfile.env())
        .containsEntry("DJL_OFFLINE", "true")
        .containsEntry("PYTORCH_FLAVOR", "cpu")
        .containsEntry("PYTORCH_VERSION", "2.7.1");
    assertThat(dockerfile.args().get("SPARK_IMAGE")).contains("4.1.3").contains("java17");
  }

  @Test
  void theJobScoresFromTheImageLayoutWithTheImageEnvironment() throws Exception {
    List<String> cacheBefore = listing(context.resolve("djl-cache"));
    Result r =
        run(
            imageJvm(
                List.of(),
                List.of("core-audit", Samples.data("mnist").toString(), "--epsilons", "0,0.1"),
                Map.of()));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).containsPattern("0\\.000\\s+300\\s+0\\.98");
    assertThat(listing(context.resolve("djl-cache")))
        .as("nothing unpacked or downloaded at run time")
        .isEqualTo(cacheBefore);
    assertThat(dir.resolve("no-home")).doesNotExist();
  }

  /**
   * The Kubernetes setup end to end on the image's jars: the ConfigMap's settings (credentials
   * provider included), S3 credentials only in the environment as the Secret provides them, images
   * and model read from and tables written to an S3 server on loopback through the image's s3a jars
   * (the build's Spark classpath has none).
   */
  @Test
  void theImageAuditsOnS3WithTheConfigMapSettingsAndSecretEnvironment() throws Exception {
    assertThat(listing(context.resolve("jars")))
        .anyMatch(n -> n.startsWith("hadoop-aws-"))
        .anyMatch(n -> n.startsWith("iceberg-spark-runtime-"))
        .anyMatch(n -> n.startsWith("sqlite-jdbc-"));
    assertThat(SparkProcesses.sparkClasspath()).doesNotContain("hadoop-aws");
    try (LoopbackS3 s3 = LoopbackS3.start("AKIAIMAGETEST4K2P", "image-secret-7a6b5c4d3e2f")) {
      Path images = SampleSubset.copy("fashion-mnist", 2, dir.resolve("s3-images"));
      s3.upload("ml-eval", "images", images);
      Path model = Files.createDirectories(dir.resolve("s3-model"));
      Files.copy(Samples.data("fashion-mnist").resolve("model.pt"), model.resolve("model.pt"));
      s3.upload("ml-eval", "model", model);
      Path conf = dir.resolve("nightly.conf");
      Files.writeString(
          conf, String.valueOf(Manifests.only("ConfigMap").map("data").get("nightly.conf")));
      Result r =
          run(
              imageJvm(
                  List.of(
                      "-Dspark.master=local[2]",
                      "-Dspark.ui.enabled=false",
                      "-Dspark.hadoop.fs.s3a.endpoint=" + s3.url(),
                      "-Dspark.hadoop.fs.s3a.endpoint.region=us-east-1",
                      "-Dspark.hadoop.fs.s3a.path.style.access=true",
                      "-Dspark.hadoop.fs.s3a.connection.ssl.enabled=false"),
                  List.of(
                      "audit",
                      "--conf",
                      conf.toString(),
                      "--set",
                      "robustness.dataset.uri=s3a://ml-eval/images",
                      "--set",
                      "robustness.model.uri=s3a://ml-eval/model/model.pt",
                      "--set",
                      "robustness.output.uri=s3a://ml-eval/results",
                      "--set",
                      "robustness.report.examples=1"),
                  Map.of(
                      "AWS_ACCESS_KEY_ID", s3.accessKey(),
                      "AWS_SECRET_ACCESS_KEY", s3.secretKey())));
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains("succeeded: 20 images scored");
      assertThat(s3.keys("ml-eval", "results/curves/")).anyMatch(k -> k.endsWith(".parquet"));
      assertThat(s3.keys("ml-eval", "results/reports/")).isNotEmpty();
      assertThat(r.output()).doesNotContain(s3.secretKey()).doesNotContain(s3.accessKey());
    }
  }

  @Test
  void aCudaContextTakesLibtorchFromPytorchsZipAndTheCudaJniLibrary() throws Exception {
    Path zip = dir.resolve("libtorch-cu128.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String name :
          List.of(
              "libtorch/lib/libtorch.so",
              "libtorch/lib/libtorch_cuda.so",
              "libtorch/lib/libc10_cuda.so")) {
        out.putNextEntry(new ZipEntry(name));
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    Path cuda = dir.resolve("cuda-context");
    Result staged =
        bash(
            List.of(
                script("stage-context.sh"),
                "--flavor",
                "cu128",
                "--libtorch-zip",
                zip.toString(),
                "--without-s3a",
                "--without-iceberg",
                cuda.toString()));
    assertThat(staged.exit()).as(staged.output()).isZero();
    assertThat(cuda.resolve("libtorch/libtorch_cuda.so")).exists();
    assertThat(cuda.resolve("djl-cache/pytorch/2.7.1-cu128-linux-x86_64/0.36.0-libdjl_torch.so"))
        .exists();
    assertThat(cuda.resolve("FLAVOR")).hasContent("cu128");
    assertThat(listing(cuda.resolve("jars"))).containsExactly("");

    Result noZip = bash(List.of(script("stage-context.sh"), "--flavor", "cu128", cuda.toString()));
    assertThat(noZip.exit()).isEqualTo(2);
    assertThat(noZip.output()).contains("--flavor cu128 needs --libtorch-zip");
  }

  private static List<String> listing(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }
}
