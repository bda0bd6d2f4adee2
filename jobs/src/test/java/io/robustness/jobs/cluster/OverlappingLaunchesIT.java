package io.robustness.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attempts of one run id through the real launcher, as a scheduler's retry or a person's rerun
 * would start them: the second is refused (exit 2) while the first lives and the first succeeds; a
 * first attempt killed mid-run is taken over once its heartbeat is stale, and the run ends whole.
 */
class OverlappingLaunchesIT {

  @TempDir Path dir;

  private Process launch(Path output, Path log, String... more) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Samples.root().resolve("deploy/local/robustness").toString());
    command.addAll(
        List.of(
            "audit",
            "--conf",
            Samples.conf("fashion-mnist").toString(),
            "--set",
            "robustness.run.id=c",
            "--set",
            "robustness.output.uri=" + output,
            "--set",
            "robustness.report.enabled=false",
            "--set",
            "robustness.attack.kinds=[fgsm, bim]"));
    command.addAll(List.of(more));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void awaitFile(Path file, Process alive) throws InterruptedException {
    for (int i = 0; i < 600 && !Files.exists(file); i++) {
      assertThat(alive.isAlive()).as("the first attempt is still running").isTrue();
      Thread.sleep(100);
    }
    assertThat(file).exists();
  }

  private static List<String> runs(Path output) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT run_id || ' ' || status || ' ' || attempt FROM read_parquet('"
                    + output.resolve("runs")
                    + "/*/*.parquet', hive_partitioning = true)")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long samples(Path output) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM read_parquet('"
                    + output.resolve("samples")
                    + "/*/*.parquet', hive_partitioning = true)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void theSecondAttemptIsRefusedWhileTheFirstLivesAndTheFirstSucceeds() throws Exception {
    Path output = dir.resolve("out");
    Process first = launch(output, dir.resolve("first.log"));
    awaitFile(output.resolve("_leases/c.json"), first);
    Process second = launch(output, dir.resolve("second.log"));
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String secondLog = Files.readString(dir.resolve("second.log"), StandardCharsets.UTF_8);
    assertThat(second.exitValue()).as(secondLog).isEqualTo(2);
    assertThat(secondLog)
        .contains("run c is being written by a live attempt")
        .contains("on host ")
        .contains("--takeover");
    assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String firstLog = Files.readString(dir.resolve("first.log"), StandardCharsets.UTF_8);
    assertThat(first.exitValue()).as(firstLog).isZero();
    assertThat(firstLog).contains("run c succeeded: 300 images scored");
    List<String> runs = runs(output);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0)).startsWith("c succeeded ");
    // Two attacks, seven epsilons, 300 images: every row once.
    assertThat(samples(output)).isEqualTo(2L * 7 * 300);
  }

  @Test
  void anAttemptKilledMidRunIsTakenOverOnceStaleAndTheRunEndsWhole() throws Exception {
    Path output = dir.resolve("killed");
    Process first =
        launch(output, dir.resolve("killed-first.log"), "--set", "robustness.run.stale-after=4s");
    awaitFile(output.resolve("runs"), first);
    first.destroyForcibly();
    first.waitFor(30, TimeUnit.SECONDS);
    Process refused =
        launch(output, dir.resolve("early.log"), "--set", "robustness.run.stale-after=4s");
    assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
    // Killed within the last few seconds: its heartbeat may still be fresh, then this one is
    // refused.
    if (refused.exitValue() == 2) {
      Thread.sleep(4500);
    }
    Process second =
        launch(output, dir.resolve("killed-second.log"), "--set", "robustness.run.stale-after=4s");
    assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String secondLog = Files.readString(dir.resolve("killed-second.log"), StandardCharsets.UTF_8);
    assertThat(second.exitValue()).as(secondLog).isZero();
    assertThat(secondLog).contains("taking over from attempt").contains("(stale)");
    List<String> runs = runs(output);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0)).startsWith("c succeeded ");
    assertThat(samples(output)).isEqualTo(2L * 7 * 300);
    assertThat(output.resolve("_leases/c.json")).doesNotExist();
  }
}
