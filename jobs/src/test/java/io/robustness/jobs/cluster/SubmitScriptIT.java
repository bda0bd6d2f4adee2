package io.robustness.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkProcesses;
import io.robustness.jobs.testing.StandaloneCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/spark-submit/submit-standalone.sh} as an operator runs it, against a real
 * standalone cluster on loopback, with libtorch installed as a folder (LIBTORCH_DIR, the route CUDA
 * builds take) rather than a jar: executors find no libtorch on their classpath, so the night only
 * succeeds if the script hands the folder to every executor. Two nights: the first passes, the
 * second has a preprocessing bug and must exit with the gate's 3 through the script.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(6)
class SubmitScriptIT {

  @TempDir static Path dir;
  private static StandaloneCluster cluster;
  private static Path images;
  private static Path libtorch;
  private static Path sparkSubmit;

  @BeforeAll
  static void start() throws Exception {
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 1, 2);
    images = SampleSubset.copy("mnist", 2, dir.resolve("images"));
    libtorch = unpackLibtorch(dir.resolve("libtorch"));
    sparkSubmit = sparkSubmitShim(dir.resolve("spark-submit"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** libtorch's shared libraries out of the CPU jar, as a node would have them installed. */
  private static Path unpackLibtorch(Path target) throws IOException {
    Files.createDirectories(target);
    try (ZipFile jar = new ZipFile(SparkProcesses.nativeJar().toFile())) {
      for (ZipEntry e : java.util.Collections.list(jar.entries())) {
        if (!e.isDirectory() && e.getName().startsWith("pytorch/cpu/linux-x86_64/")) {
          try (InputStream in = jar.getInputStream(e)) {
            Files.copy(in, target.resolve(Path.of(e.getName()).getFileName().toString()));
          }
        }
      }
    }
    return target;
  }

  /** A spark-submit like a distribution's, from the project's own Spark jars. */
  private static Path sparkSubmitShim(Path file) throws IOException {
    List<String> java = SparkProcesses.java("org.apache.spark.deploy.SparkSubmit", List.of());
    StringBuilder script = new StringBuilder("#!/usr/bin/env bash\nexec");
    for (String part : java) {
      script.append(" '").append(part).append('\'');
    }
    script.append(" \"$@\"\n");
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static int night(String runId, Path log, String... more) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                Samples.root().resolve("deploy/spark-submit/submit-standalone.sh").toString(),
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                SparkProcesses.EXECUTOR_JIT,
                "--conf",
                // one one-core executor: twenty images need no more, and each executor JVM costs
                // a libtorch start on a machine with two cores
                "spark.cores.max=1",
                "--conf",
                // empty caches: a libtorch unpacked there by an earlier run must not hide a missing
                // one
                "spark.executorEnv.DJL_CACHE_DIR=" + dir.resolve("djl-cache-executors"),
                "--",
                "nightly",
                "--conf",
                Samples.conf("mnist").toString(),
                "--set",
                "robustness.dataset.uri=" + images,
                "--set",
                "robustness.output.uri=" + dir.resolve("out").toUri(),
                "--set",
                "robustness.attack.epsilons=[0, 0.1]",
                "--set",
                "robustness.report.examples=0",
                "--set",
                "robustness.run.id=" + runId,
                "--keep-days",
                "30"));
    command.addAll(List.of(more));
    Map<String, String> env = new HashMap<>(cluster.environment());
    env.put("SPARK_SUBMIT", sparkSubmit.toString());
    env.put("SPARK_MASTER", cluster.masterUrl());
    env.put("LIBTORCH_DIR", libtorch.toString());
    env.put("EXECUTOR_CORES", "1");
    env.put("EXECUTOR_MEMORY", "1g");
    env.put("DJL_CACHE_DIR", dir.resolve("djl-cache").toString());
    Process process = SparkProcesses.start(command, env, log);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished; see " + log).isTrue();
    return process.exitValue();
  }

  @Test
  @Order(1)
  void theFirstNightRunsOnTheClusterWithLibtorchFromAFolder() throws Exception {
    Path log = dir.resolve("night-1.log");
    int exit = night("2026-11-23", log);
    String text = Files.readString(log);
    assertThat(exit).as(text).isZero();
    assertThat(text)
        .contains("run 2026-11-23 succeeded: 20 images scored")
        .contains("is the first succeeded run");
    assertThat(cluster.executorLogs()).isNotEmpty();
    StringBuilder executors = new StringBuilder();
    for (Path p : cluster.executorLogs()) {
      executors.append(Files.readString(p));
    }
    assertThat(executors.toString()).contains("scored partition");
    for (String cache : List.of("djl-cache", "djl-cache-executors")) {
      try (var files = Files.walk(dir.resolve(cache))) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertThat(names)
            .as(
                "%s: only DJL's small JNI library is unpacked, libtorch is used where installed",
                cache)
            .contains("0.36.0-libdjl_torch.so")
            .noneMatch(n -> n.startsWith("libtorch"));
      }
    }
  }

  @Test
  @Order(2)
  void aRegressionExitsWithThreeThroughTheScript() throws Exception {
    Path log = dir.resolve("night-2.log");
    int exit = night("2026-11-24", log, "--set", "robustness.model.input.mean=[0.5]");
    String text = Files.readString(log);
    assertThat(exit).as(text).isEqualTo(3);
    assertThat(text).contains("baseline   2026-11-23").contains("candidate  2026-11-24");
  }
}
