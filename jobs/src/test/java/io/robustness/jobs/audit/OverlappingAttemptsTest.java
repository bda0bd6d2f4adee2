package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.tables.RunLease;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attempts of one run id on the Spark job: the second is refused while the first lives, runs
 * once it is gone, and records its attempt; retention leaves a run that is being written alone.
 */
class OverlappingAttemptsTest {

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path images;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTestSession.start();
    images = SampleSubset.copy("mnist", 2, dir.resolve("images"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static AuditSettings settings(Path output, String runId) {
    return Samples.settings(
        "mnist",
        output,
        runId,
        "robustness.dataset.uri=" + images,
        "robustness.attack.epsilons=[0, 0.1]",
        "robustness.report.enabled=false");
  }

  @Test
  void aSecondAttemptIsRefusedWhileTheFirstLivesAndRunsOnceItIsGone() throws Exception {
    Path output = dir.resolve("overlap");
    RunLease first =
        RunLease.acquire(
            new Configuration(), output.toUri().toString(), "c", Duration.ofMinutes(3), false);
    assertThatThrownBy(() -> AuditJob.run(spark, settings(output, "c")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("run c is being written by a live attempt " + first.attempt())
        .hasMessageContaining("--takeover");
    assertThat(output.resolve(Tables.RUNS)).doesNotExist();
    first.close();

    AuditResult second = AuditJob.run(spark, settings(output, "c"));
    assertThat(second.run().status()).isEqualTo("succeeded");
    Row run = spark.read().parquet(output.resolve(Tables.RUNS).toString()).first();
    assertThat(run.<String>getAs("attempt")).isEqualTo(second.run().attempt()).isNotBlank();
    assertThat(output.resolve("_leases")).as("released at the end").doesNotExist();
  }

  @Test
  void retentionKeepsARunThatALiveAttemptIsWriting() throws Exception {
    Path output = dir.resolve("retain");
    AuditJob.run(spark, settings(output, "done"));
    AuditJob.run(spark, settings(output, "rerunning"));
    // "rerunning" is being written again by a live attempt.
    try (RunLease live =
        RunLease.acquire(
            new Configuration(),
            output.toUri().toString(),
            "rerunning",
            Duration.ofMinutes(3),
            false)) {
      CliRun retain =
          CliRun.of(
              "retain",
              "--output",
              output.toString(),
              "--keep-days",
              "1",
              "--as-of",
              java.time.Instant.now().plus(Duration.ofDays(3)).toString());
      assertThat(retain.exit()).as(retain.err()).isZero();
      assertThat(retain.out()).contains("kept run rerunning: a live attempt is writing it");
      assertThat(retain.out()).contains("deleted run done");
    }
    List<String> left =
        spark
            .read()
            .parquet(output.resolve(Tables.RUNS).toString())
            .select("run_id")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(left).containsExactly("rerunning");
    assertThat(Files.exists(output.resolve(Tables.SAMPLES).resolve("run_id=rerunning"))).isTrue();
  }
}
