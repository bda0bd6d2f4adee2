package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.FaultyFileSystem;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task failures: a passing one is retried by Spark and the run is exact; a lasting one fails the
 * attempt, which is recorded in attempts and changes nothing an earlier attempt committed (a new
 * run is recorded as failed, with no rows); a rerun then replaces the run.
 */
class FailedRunTest {

  private static final int IMAGES = 60;
  private static final int EPSILONS = 2;

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path images;
  private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start("local[2,4]");
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof TaskFailedReason) {
                  FAILED_TASKS.incrementAndGet();
                }
              }
            });
    images = dir.resolve("images");
    Path source = Samples.data("mnist").resolve("images");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().limit(IMAGES).toList()) {
        Path target = images.resolve(source.relativize(f));
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @BeforeEach
  void reset() {
    FaultyFileSystem.reset();
    FAILED_TASKS.set(0);
  }

  private static AuditSettings settings(Path output, String runId) {
    return Samples.settings(
        "mnist",
        output,
        runId,
        "robustness.dataset.uri=" + images,
        "robustness.attack.epsilons=[0, 0.1]",
        "robustness.attack.batch-size=8",
        "robustness.hadoop.\"fs.file.impl\"=" + FaultyFileSystem.class.getName(),
        "robustness.hadoop.\"fs.file.impl.disable.cache\"=true");
  }

  private static long count(Path output, String table, String runId) {
    Path folder = output.resolve(table);
    if (!Files.exists(folder)) {
      return 0;
    }
    return spark.read().parquet(folder.toString()).filter("run_id = '" + runId + "'").count();
  }

  private static long visibleSamples(Path output, String runId) {
    if (!Files.exists(output.resolve(Tables.SAMPLES))) {
      return 0;
    }
    spark.read().parquet(output.resolve(Tables.RUNS).toString()).createOrReplaceTempView("runs");
    spark
        .read()
        .parquet(output.resolve(Tables.SAMPLES).toString())
        .createOrReplaceTempView("samples");
    return spark
        .sql(
            "SELECT count(*) FROM samples JOIN runs USING (run_id) WHERE status = 'succeeded'"
                + " AND run_id = '"
                + runId
                + "'")
        .first()
        .getLong(0);
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheRunIsExact() throws IOException {
    Path output = dir.resolve("retry");
    String victim = firstImageName();
    FaultyFileSystem.failOpens(victim, 1);

    AuditResult result = AuditJob.run(spark, settings(output, "retry"));

    assertThat(FaultyFileSystem.injected()).isEqualTo(1);
    assertThat(FAILED_TASKS.get()).as("Spark saw the task fail").isGreaterThanOrEqualTo(1);
    assertThat(result.run().status()).isEqualTo("succeeded");
    assertThat(result.run().imagesScored()).isEqualTo(IMAGES);
    assertThat(count(output, Tables.SAMPLES, "retry")).isEqualTo(IMAGES * EPSILONS);
    assertThat(
            spark
                .read()
                .parquet(output.resolve(Tables.SAMPLES).toString())
                .select("image_path")
                .distinct()
                .count())
        .isEqualTo(IMAGES);
    assertThat(count(output, Tables.FLIPS, "retry")).isEqualTo(IMAGES);
    assertThat(count(output, Tables.ERRORS, "retry")).isZero();
    assertThat(count(output, Tables.CURVES, "retry")).isEqualTo(EPSILONS);
  }

  @Test
  void aLastingFailureOfARerunKeepsTheCommittedRunExactlyAndRecordsTheAttempt() throws Exception {
    Path output = dir.resolve("lasting");
    AuditJob.run(spark, settings(output, "nightly"));
    Map<String, String> committed = committedFiles(output);
    long curves = count(output, Tables.CURVES, "nightly");

    FaultyFileSystem.failOpens(firstImageName(), 1_000);
    assertThatThrownBy(() -> AuditJob.run(spark, settings(output, "nightly")))
        .hasStackTraceContaining("injected failure opening");

    assertThat(committedFiles(output))
        .as("every committed file, byte for byte")
        .isEqualTo(committed);
    Row run =
        spark
            .read()
            .parquet(output.resolve(Tables.RUNS).toString())
            .filter("run_id = 'nightly'")
            .first();
    assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(count(output, Tables.CURVES, "nightly")).isEqualTo(curves);
    assertThat(visibleSamples(output, "nightly")).isEqualTo(IMAGES * EPSILONS);
    assertThat(attempts(output, "nightly"))
        .extracting(r -> r.<String>getAs("status"))
        .containsExactlyInAnyOrder("succeeded", "failed");
    assertThat(attempts(output, "nightly"))
        .filteredOn(r -> "failed".equals(r.getAs("status")))
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("error")).contains("injected failure opening"));
    assertThat(Files.exists(output.resolve("_staging"))).isFalse();
    assertThat(Files.exists(output.resolve("_leases"))).as("released").isFalse();

    FaultyFileSystem.reset();
    AuditResult rerun = AuditJob.run(spark, settings(output, "nightly"));
    assertThat(rerun.run().status()).isEqualTo("succeeded");
    assertThat(count(output, Tables.RUNS, "nightly")).isEqualTo(1);
    assertThat(visibleSamples(output, "nightly")).isEqualTo(IMAGES * EPSILONS);
    assertThat(attempts(output, "nightly")).hasSize(3);
  }

  @Test
  void aNewRunThatFailsIsRecordedFailedWithNoRowsAndARerunReplacesIt() throws IOException {
    Path output = dir.resolve("new-run");
    FaultyFileSystem.failOpens(firstImageName(), 1_000);
    assertThatThrownBy(() -> AuditJob.run(spark, settings(output, "first")))
        .hasStackTraceContaining("injected failure opening");
    Row run = spark.read().parquet(output.resolve(Tables.RUNS).toString()).first();
    assertThat(run.<String>getAs("status")).isEqualTo("failed");
    assertThat(run.<String>getAs("message")).contains("injected failure opening");
    for (String table : Tables.DATA_TABLES) {
      assertThat(Files.exists(output.resolve(table))).as(table).isFalse();
    }

    FaultyFileSystem.reset();
    AuditJob.run(spark, settings(output, "first"));
    assertThat(visibleSamples(output, "first")).isEqualTo(IMAGES * EPSILONS);
  }

  /**
   * A registry publishes a new model while the run scores: the executors find a different file from
   * the one the driver checked, and the run fails saying so, both SHA-256s named, leaving the
   * committed run alone.
   */
  @Test
  void aModelReplacedDuringTheRunFailsItNamingBothVersionsAndKeepsTheCommittedRun()
      throws Exception {
    Path output = dir.resolve("model-changed");
    Path model = dir.resolve("published.pt");
    Files.copy(Samples.data("mnist").resolve("model.pt"), model);
    AuditSettings settings =
        Samples.settings(
            "mnist",
            output,
            "night",
            "robustness.dataset.uri=" + images,
            "robustness.model.uri=" + model,
            "robustness.attack.epsilons=[0, 0.1]",
            "robustness.report.enabled=false");
    AuditJob.run(spark, settings);
    Map<String, String> committed = committedFiles(output);

    Preflight.Checked checked =
        Preflight.check(
            io.robustness.jobs.config.SettingsReading.of(settings),
            spark.sparkContext().hadoopConfiguration(),
            1);
    String checkedSha = checked.modelSha256();
    Files.copy(
        Samples.data("fashion-mnist").resolve("model.pt"),
        model,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String published = io.robustness.core.model.FileDigest.sha256(Files.readAllBytes(model));

    assertThatThrownBy(() -> AuditJob.run(spark, settings, checked))
        .hasStackTraceContaining("changed during the run")
        .hasStackTraceContaining("SHA-256 " + published)
        .hasStackTraceContaining("the driver checked " + checkedSha);
    assertThat(committedFiles(output)).isEqualTo(committed);
  }

  private static List<Row> attempts(Path output, String runId) {
    return spark
        .read()
        .parquet(output.resolve(Tables.ATTEMPTS).toString())
        .filter("run_id = '" + runId + "'")
        .collectAsList();
  }

  /** Every file of the committed tables and its SHA-256 (attempts, staging and leases aside). */
  static Map<String, String> committedFiles(Path output) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(output)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = output.relativize(f).toString();
        if (rel.startsWith("_") || rel.startsWith(Tables.ATTEMPTS) || rel.startsWith("reports")) {
          continue;
        }
        out.put(rel, io.robustness.core.model.FileDigest.sha256(Files.readAllBytes(f)));
      }
    }
    return out;
  }

  private static String firstImageName() throws IOException {
    try (Stream<Path> files = Files.walk(images)) {
      return files
          .filter(Files::isRegularFile)
          .sorted()
          .skip(3)
          .findFirst()
          .orElseThrow()
          .getFileName()
          .toString();
    }
  }
}
