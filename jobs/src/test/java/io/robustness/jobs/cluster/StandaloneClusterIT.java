package io.robustness.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkProcesses;
import io.robustness.jobs.testing.SparkTestSession;
import io.robustness.jobs.testing.StandaloneCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The audit on a real Spark standalone cluster (a master and two two-core workers, each a JVM on
 * 127.0.0.1, running three one-core executor JVMs), submitted through spark-submit's entry point
 * with the application jar and libtorch as --jars; one executor JVM is killed after it has scored a
 * partition. The tables must equal those of a local-mode run of the same job in this JVM.
 *
 * <p>Three executors, all registered before the first task, and more partitions than executors:
 * each is offered a partition at once, so the two that survive the kill have each scored one
 * whatever the timing, and at least two executor ids stand in the tables. (With two executors the
 * survivor may finish everything before the replacement registers.) The report is not written: no
 * assertion reads it, and SubmitScriptIT's nights write theirs on a cluster.
 */
@ResourceLock(SparkTestSession.IN_THIS_JVM)
@Order(2)
class StandaloneClusterIT {

  private static final Pattern SCORED =
      Pattern.compile("scored partition \\d+ on executor (\\S+):");
  private static final int IMAGES = 80;
  private static final int EPSILONS = 3;

  @TempDir static Path dir;
  private static StandaloneCluster cluster;
  private static final AtomicReference<String> killed = new AtomicReference<>();
  private static long clusterSeconds;
  private static SparkSession reader;
  private static Path images;

  @BeforeAll
  static void runLocallyAndOnTheCluster() throws Exception {
    images = SampleSubset.copy("fashion-mnist", IMAGES / 10, dir.resolve("images"));
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 2);
    // The local-mode run in this JVM: the same job and settings, without a second JVM's start-up.
    reader = SparkTestSession.start();
    AuditJob.run(
        reader, Samples.settings("fashion-mnist", dir.resolve("out-local"), "local", sets()));
    Thread killer =
        new Thread(StandaloneClusterIT::killOneExecutorAfterItsFirstPartition, "executor-killer");
    killer.setDaemon(true);
    killer.start();
    long start = System.nanoTime();
    submit(
        cluster.masterUrl(),
        "cluster",
        List.of(
            "spark.executor.cores=1",
            "spark.executor.memory=1g",
            "spark.cores.max=3",
            "spark.scheduler.minRegisteredResourcesRatio=1.0",
            "spark.task.maxFailures=4",
            SparkProcesses.EXECUTOR_JIT));
    clusterSeconds = (System.nanoTime() - start) / 1_000_000_000L;
    killer.interrupt();
  }

  /** The settings both runs share: 80 images in 16 partitions, small batches, three epsilons. */
  private static String[] sets() {
    return new String[] {
      "robustness.dataset.uri=" + images,
      "robustness.report.enabled=false",
      "robustness.dataset.partitions=16",
      "robustness.attack.batch-size=4",
      "robustness.attack.epsilons=[0, 0.05, 0.2]"
    };
  }

  @AfterAll
  static void stop() {
    if (reader != null) {
      reader.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void submit(String master, String name, List<String> conf) throws Exception {
    List<String> all = new ArrayList<>(conf);
    all.add("spark.ui.enabled=false");
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                "--conf",
                Samples.conf("fashion-mnist").toString(),
                "--set",
                "robustness.output.uri=" + dir.resolve("out-" + name),
                "--set",
                "robustness.run.id=" + name));
    for (String set : sets()) {
      args.add("--set");
      args.add(set);
    }
    List<String> command = SparkProcesses.submit(master, all, args);
    Path log = dir.resolve("submit-" + name + ".log");
    Process process = SparkProcesses.start(command, cluster.environment(), log);
    assertThat(process.waitFor(6, TimeUnit.MINUTES))
        .as("spark-submit finished; see " + log)
        .isTrue();
    assertThat(process.exitValue()).as(Files.readString(log)).isZero();
  }

  /** Kills the first executor JVM that logs a scored partition, while the run is under way. */
  private static void killOneExecutorAfterItsFirstPartition() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        for (Path log : cluster.executorLogs()) {
          Matcher m = SCORED.matcher(Files.readString(log));
          if (m.find()) {
            Optional<ProcessHandle> executor = StandaloneCluster.executorProcess(m.group(1));
            if (executor.isPresent() && executor.get().destroyForcibly()) {
              killed.set(m.group(1));
              return;
            }
          }
        }
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return; // the run ended first; the test then reports that nothing was killed
      } catch (IOException | RuntimeException e) {
        // logs appear and grow while we read them: try again
      }
    }
  }

  private static String diagnostics() {
    StringBuilder out = new StringBuilder();
    try {
      for (Path log : cluster.executorLogs()) {
        String text = Files.readString(log);
        out.append(log)
            .append(": ")
            .append(text.length())
            .append(" chars, scored lines: ")
            .append(SCORED.matcher(text).results().count())
            .append("; ");
      }
    } catch (IOException e) {
      out.append(e);
    }
    return out.toString();
  }

  private static TableReader tables(String name) {
    return new TableReader(reader, dir.resolve("out-" + name).toString());
  }

  @Test
  void anExecutorWasKilledMidRunAndTheRunStillSucceeded() {
    assertThat(killed.get())
        .as(
            "an executor JVM was killed after scoring a partition; executor logs: %s",
            diagnostics())
        .isNotNull();
    Row run = tables("cluster").read(Tables.RUNS).first();
    assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(run.<String>getAs("spark_master")).startsWith("spark://127.0.0.1:");
    System.out.printf(
        "cluster run: %d s, killed executor %s, executors %s%n",
        clusterSeconds, killed.get(), run.getJavaMap(run.fieldIndex("model_loads")));
  }

  @Test
  void everyTableHasExactlyTheExpectedRows() {
    TableReader cluster = tables("cluster");
    assertThat(cluster.read(Tables.SAMPLES).count()).isEqualTo(IMAGES * EPSILONS);
    assertThat(cluster.read(Tables.SAMPLES).select("image_path", "epsilon").distinct().count())
        .isEqualTo(IMAGES * EPSILONS);
    assertThat(cluster.read(Tables.FLIPS).count()).isEqualTo(IMAGES);
    assertThat(cluster.read(Tables.FLIPS).select("image_path").distinct().count())
        .isEqualTo(IMAGES);
    assertThat(cluster.read(Tables.CURVES).count()).isEqualTo(EPSILONS);
    assertThat(cluster.read(Tables.CLASS_CURVES).count()).isEqualTo(10L * EPSILONS);
    assertThat(cluster.read(Tables.ERRORS).count()).isZero();
    assertThat(cluster.read(Tables.EXAMPLES).count()).isEqualTo(6L * EPSILONS);
    assertThat(cluster.read(Tables.RUNS).count()).isEqualTo(1);
  }

  @Test
  void tablesEqualThoseOfALocalModeRun() {
    for (String table :
        List.of(
            Tables.SAMPLES,
            Tables.CURVES,
            Tables.CLASS_CURVES,
            Tables.CONFIDENCE_CURVES,
            Tables.FLIPS)) {
      String[] columns = comparable(table);
      List<Row> local =
          tables("local")
              .read(table)
              .selectExpr(columns)
              .orderBy(columns[0], columns[1])
              .collectAsList();
      List<Row> onCluster =
          tables("cluster")
              .read(table)
              .selectExpr(columns)
              .orderBy(columns[0], columns[1])
              .collectAsList();
      assertThat(onCluster).as(table).isEqualTo(local);
    }
  }

  @Test
  void atLeastTwoExecutorsScoredAndEachLoadedTheModelOnce() {
    List<Row> executors =
        tables("cluster").read(Tables.SAMPLES).select("executor_id").distinct().collectAsList();
    assertThat(executors).hasSizeGreaterThanOrEqualTo(2);
    assertThat(executors).extracting(r -> r.getString(0)).doesNotContain("driver");
    Row run = tables("cluster").read(Tables.RUNS).first();
    Map<String, Long> loads = run.getJavaMap(run.fieldIndex("model_loads"));
    assertThat(loads).containsEntry("driver", 1L);
    assertThat(loads.keySet()).containsAll(executors.stream().map(r -> r.getString(0)).toList());
    assertThat(loads.values()).containsOnly(1L);
    assertThat(run.<Integer>getAs("executors")).isGreaterThanOrEqualTo(2);
  }

  private static String[] comparable(String table) {
    return switch (table) {
      case Tables.SAMPLES ->
          new String[] {
            "image_path",
            "epsilon",
            "label",
            "prediction",
            "confidence",
            "true_class_prob",
            "top5_hit",
            "clean_prediction",
            "clean_confidence",
            "linf",
            "l2"
          };
      case Tables.FLIPS -> new String[] {"image_path", "label", "clean_correct", "flip_epsilon"};
      case Tables.CLASS_CURVES ->
          new String[] {
            "label",
            "epsilon",
            "images",
            "accuracy",
            "top5_accuracy",
            "mean_confidence",
            "mean_true_class_prob",
            "attack_success_rate"
          };
      case Tables.CONFIDENCE_CURVES ->
          new String[] {
            "clean_confidence_bucket",
            "epsilon",
            "images",
            "accuracy",
            "mean_confidence",
            "attack_success_rate"
          };
      default ->
          new String[] {
            "epsilon",
            "images",
            "accuracy",
            "top5_accuracy",
            "mean_confidence",
            "mean_true_class_prob",
            "attack_success_rate"
          };
    };
  }
}
