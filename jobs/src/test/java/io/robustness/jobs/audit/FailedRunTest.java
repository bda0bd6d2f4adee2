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
 * run, which is recorded as failed, leaves nothing a query over succeeded runs would see, and is
 * replaced by a rerun.
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
  void aLastingFailureFailsTheRunCleanlyAndARerunReplacesIt() throws IOException {
    Path output = dir.resolve("lasting");
    AuditJob.run(spark, settings(output, "nightly"));
    assertThat(visibleSamples(output, "nightly")).isEqualTo(IMAGES * EPSILONS);

    FaultyFileSystem.failOpens(firstImageName(), 1_000);
    assertThatThrownBy(() -> AuditJob.run(spark, settings(output, "nightly")))
        .hasStackTraceContaining("injected failure opening");

    Row run =
        spark
            .read()
            .parquet(output.resolve(Tables.RUNS).toString())
            .filter("run_id = 'nightly'")
            .first();
    assertThat(run.<String>getAs("status")).isEqualTo("failed");
    assertThat(run.<String>getAs("message")).contains("injected failure opening");
    assertThat(visibleSamples(output, "nightly")).isZero();
    for (String table : Tables.DATA_TABLES) {
      assertThat(Files.exists(output.resolve(table).resolve("run_id=nightly"))).as(table).isFalse();
    }
    assertThat(Files.exists(output.resolve("_staging"))).isFalse();

    FaultyFileSystem.reset();
    AuditResult rerun = AuditJob.run(spark, settings(output, "nightly"));
    assertThat(rerun.run().status()).isEqualTo("succeeded");
    assertThat(count(output, Tables.RUNS, "nightly")).isEqualTo(1);
    assertThat(visibleSamples(output, "nightly")).isEqualTo(IMAGES * EPSILONS);
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
