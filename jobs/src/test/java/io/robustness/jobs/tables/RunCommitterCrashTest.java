package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a rerun at every step of staging and commit (an Error the job does not catch, as a dead
 * process would not) and checks what a query over succeeded runs sees: the whole old run, the whole
 * new run, or nothing of it; never a mix. Then a fresh attempt must recover.
 */
class RunCommitterCrashTest {

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String step) {
      super("crashed after " + step);
    }
  }

  @Test
  void aCrashAtAnyStepNeverShowsAMixedRun() throws IOException {
    Path oldState = dir.resolve("old-state");
    List<String> steps = recordSteps(oldState);
    assertThat(steps)
        .contains("staged samples", "moved samples to samples", "moved runs-2 to runs");
    // One step of each kind: staging (invisible to readers), the commit's first row swap, a data
    // table's
    // delete and move, a later table, the last row swap and the clean-up. Steps of one kind behave
    // alike.
    int commitStart = steps.indexOf("staged errors") + 1;
    int last = steps.size() - 1;
    List<Integer> crashPoints =
        List.of(
            steps.indexOf("staged flips"),
            commitStart,
            commitStart + 1,
            steps.indexOf("deleted samples"),
            steps.indexOf("moved samples to samples"),
            steps.indexOf("moved flips to flips"),
            last - 2,
            last - 1,
            last);
    for (int i = 0; i < crashPoints.size(); i++) {
      Path output = dir.resolve("crash-" + i);
      copyTree(oldState, output);
      int crashAt = crashPoints.get(i);
      String step = steps.get(crashAt);
      assertThatThrownBy(() -> attempt(output, 2, crashAt)).isInstanceOf(SimulatedCrash.class);

      List<Row> rows = visible(output);
      Set<Integer> versions = versions(rows);
      assertThat(versions)
          .as("after a crash at '%s'", step)
          .isSubsetOf(1, 2)
          .hasSizeLessThanOrEqualTo(1);
      if (!versions.isEmpty()) {
        assertThat(rows)
            .as("complete version %s after '%s'", versions, step)
            .hasSize((int) rowsPerVersion());
      }
      if (i % 3 == 0) {
        attempt(output, 3, -1);
        List<Row> recovered = visible(output);
        assertThat(versions(recovered)).containsExactly(3);
        assertThat(recovered).hasSize((int) rowsPerVersion());
        assertThat(Files.exists(output.resolve("_staging"))).isFalse();
      }
    }
  }

  /**
   * An attempt holding the run's lease dies at a step; another waits for its heartbeat to go stale,
   * takes over and commits. Every time: one succeeded run, the new attempt's, whole, its attempt in
   * the runs row, no duplicate rows.
   */
  @Test
  void anAttemptKilledAtAnyStepIsTakenOverWhenStaleAndTheRunEndsWhole() throws Exception {
    Path oldState = dir.resolve("lease-old-state");
    List<String> steps = recordSteps(oldState);
    Duration staleAfter = Duration.ofSeconds(2);
    int commitStart = steps.indexOf("staged errors") + 1;
    for (int crashAt :
        List.of(
            steps.indexOf("staged flips"),
            commitStart + 1,
            steps.indexOf("moved samples to samples"),
            steps.size() - 2)) {
      Path output = dir.resolve("lease-crash-" + crashAt);
      copyTree(oldState, output);
      String uri = output.toUri().toString();
      // The dying attempt renews no heartbeat: its lease goes stale as a killed process's would.
      RunLease dying =
          RunLease.claim(new Configuration(), uri, "r", staleAfter, false, Clock.systemUTC());
      assertThatThrownBy(() -> attempt(output, 2, crashAt, dying))
          .isInstanceOf(SimulatedCrash.class);
      // Its last heartbeat, just before it died.
      dying.renew();
      assertThatThrownBy(
              () ->
                  RunLease.claim(
                      new Configuration(), uri, "r", staleAfter, false, Clock.systemUTC()))
          .as("refused while the dead attempt's heartbeat is fresh")
          .isInstanceOf(RunLease.Refused.class);
      Thread.sleep(staleAfter.toMillis() + 200);
      RunLease next =
          RunLease.claim(new Configuration(), uri, "r", staleAfter, false, Clock.systemUTC());
      assertThat(next.tookOver()).contains(dying.attempt());
      attempt(output, 3, -1, next);
      List<Row> rows = visible(output);
      assertThat(versions(rows)).as("after a crash at '%s'", steps.get(crashAt)).containsExactly(3);
      assertThat(rows).hasSize((int) rowsPerVersion());
      List<Row> runs = spark.read().parquet(output.resolve(Tables.RUNS).toString()).collectAsList();
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).<String>getAs("attempt")).isEqualTo(next.attempt());
      assertThat(runs.get(0).<String>getAs("status")).isEqualTo(RunRecord.SUCCEEDED);
    }
  }

  /**
   * A stale attempt that wakes after another took over and committed: its commit and its failure
   * path are refused before they touch a file, and the new run stays whole.
   */
  @Test
  void aStaleAttemptThatWakesChangesNothing() throws Exception {
    Path output = dir.resolve("wakes");
    String uri = output.toUri().toString();
    RunLease sleeper =
        RunLease.claim(
            new Configuration(), uri, "r", Duration.ofSeconds(1), false, Clock.systemUTC());
    RunCommitter asleep = new RunCommitter(spark, uri, "r").guardedBy(sleeper);
    asleep.clearStaleStaging();
    asleep.markRunningIfNew(record(RunRecord.RUNNING, sleeper.attempt()));
    for (String table : Tables.DATA_TABLES) {
      asleep.stage(table, frame(1, table));
    }
    Thread.sleep(1200);
    RunLease awake =
        RunLease.claim(
            new Configuration(), uri, "r", Duration.ofSeconds(1), false, Clock.systemUTC());
    attempt(output, 2, -1, awake);

    assertThatThrownBy(() -> asleep.commit(record(RunRecord.SUCCEEDED, sleeper.attempt())))
        .isInstanceOf(RunLease.TakenOver.class);
    assertThatThrownBy(() -> asleep.fail(record(RunRecord.FAILED, sleeper.attempt())))
        .isInstanceOf(RunLease.TakenOver.class);
    List<Row> rows = visible(output);
    assertThat(versions(rows)).containsExactly(2);
    assertThat(rows).hasSize((int) rowsPerVersion());
    Row run = spark.read().parquet(output.resolve(Tables.RUNS).toString()).first();
    assertThat(run.<String>getAs("attempt")).isEqualTo(awake.attempt());
  }

  /** Writes version 1 into {@code oldState} and returns the steps a second attempt goes through. */
  private List<String> recordSteps(Path oldState) throws IOException {
    attempt(oldState, 1, -1);
    Path scratch = dir.resolve("recording-" + oldState.getFileName());
    copyTree(oldState, scratch);
    List<String> steps = new ArrayList<>();
    RunCommitter committer = new RunCommitter(spark, scratch.toUri().toString(), "r");
    committer.onCheckpoint(steps::add);
    runAttempt(committer, 2);
    return steps;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /**
   * One attempt of run "r" writing tables whose every row carries {@code version}, dying after step
   * number {@code crashAfter} (none if negative).
   */
  private void attempt(Path output, int version, int crashAfter) throws IOException {
    attempt(output, version, crashAfter, null);
  }

  /** The same, as the attempt holding {@code lease} (none if null). */
  private void attempt(Path output, int version, int crashAfter, RunLease lease)
      throws IOException {
    RunCommitter committer = new RunCommitter(spark, output.toUri().toString(), "r");
    if (lease != null) {
      committer.guardedBy(lease);
    }
    int[] stepsSeen = {0};
    committer.onCheckpoint(
        step -> {
          if (stepsSeen[0]++ == crashAfter) {
            throw new SimulatedCrash(step);
          }
        });
    committer.clearStaleStaging();
    String attempt = lease == null ? "test-attempt" : lease.attempt();
    committer.markRunningIfNew(record(RunRecord.RUNNING, attempt));
    runAttempt(committer, version, attempt);
  }

  private void runAttempt(RunCommitter committer, int version) throws IOException {
    runAttempt(committer, version, "test-attempt");
  }

  private void runAttempt(RunCommitter committer, int version, String attempt) throws IOException {
    for (String table : Tables.DATA_TABLES) {
      committer.stage(table, frame(version, table));
    }
    committer.commit(record(RunRecord.SUCCEEDED, attempt));
  }

  /** Rows with the table's columns: the first holds {@code version}, the others null. */
  private Dataset<Row> frame(int version, String table) {
    StructField[] fields = TableSchemas.of(table).fields();
    String[] columns = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String value = i == 0 ? String.valueOf(version) : "NULL";
      columns[i] =
          "CAST(" + value + " AS " + fields[i].dataType().sql() + ") AS " + fields[i].name();
    }
    return spark.range(rowsIn(table)).selectExpr(columns);
  }

  private static long rowsIn(String table) {
    return 3 + Tables.DATA_TABLES.indexOf(table);
  }

  private static long rowsPerVersion() {
    return Tables.DATA_TABLES.stream().mapToLong(RunCommitterCrashTest::rowsIn).sum();
  }

  private static Set<Integer> versions(List<Row> rows) {
    Set<Integer> out = new HashSet<>();
    rows.forEach(r -> out.add(r.getInt(0)));
    return out;
  }

  /** (version) of every data row whose run is succeeded, over all tables, in one query. */
  private List<Row> visible(Path output) {
    if (!hasParquet(output.resolve(Tables.RUNS))) {
      return List.of();
    }
    spark
        .read()
        .schema("status STRING, run_id STRING")
        .parquet(output.resolve(Tables.RUNS).toString())
        .createOrReplaceTempView("runs");
    Dataset<Row> all = null;
    for (String table : Tables.DATA_TABLES) {
      if (!hasParquet(output.resolve(table))) {
        continue; // a crash between deleting a partition and moving its successor leaves an empty
        // folder
      }
      StructField first = TableSchemas.of(table).fields()[0];
      Dataset<Row> t =
          spark
              .read()
              .schema(first.name() + " " + first.dataType().sql() + ", run_id STRING")
              .parquet(output.resolve(table).toString())
              .selectExpr("CAST(" + first.name() + " AS INT) AS version", "run_id");
      all = all == null ? t : all.union(t);
    }
    if (all == null) {
      return List.of();
    }
    all.createOrReplaceTempView("data");
    return spark
        .sql("SELECT version FROM data JOIN runs USING (run_id) WHERE status = 'succeeded'")
        .collectAsList();
  }

  private static boolean hasParquet(Path folder) {
    if (!Files.exists(folder)) {
      return false;
    }
    try (var files = Files.walk(folder)) {
      return files.anyMatch(f -> f.toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RunRecord record(String status) {
    return record(status, "test-attempt");
  }

  private static RunRecord record(String status, String attempt) {
    return new RunRecord(
        "r",
        status,
        Instant.parse("2026-11-24T10:00:00Z"),
        null,
        "file:/m.pt",
        "abc",
        "file:/d",
        0,
        0,
        0,
        0,
        List.of(0.0),
        "fgsm",
        "{}",
        "local[2]",
        1,
        Map.of(),
        "test",
        null,
        "class-folders",
        1.0,
        null,
        0,
        attempt);
  }
}
