package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.core.model.FileDigest;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
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
 * A rerun (version 2) over a committed run (version 1) that fails, crashes or is taken over at each
 * kind of step of staging and commit. A failure must leave the committed files exactly as they
 * were; a crash may leave the run hidden (never mixed) until the next attempt, which must first
 * restore it exactly, then commit its own whole.
 */
class RunCommitterCrashTest {

  private static final Duration STALE = Duration.ofMinutes(3);

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path committed;
  private static List<String> steps;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start();
    for (int version = 1; version <= 3; version++) {
      for (String table : Tables.DATA_TABLES) {
        frame(version, table).coalesce(1).write().parquet(template(version, table).toString());
      }
    }
    committed = dir.resolve("committed");
    new Attempt(committed, 1).run(-1);
    Path scratch = copy(committed, "recording");
    Attempt recording = new Attempt(scratch, 2);
    recording.committer.onCheckpoint(recording.steps::add);
    recording.run(-1);
    steps = recording.steps;
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A process death at a step: an Error nothing catches. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String step) {
      super("crashed after " + step);
    }
  }

  /**
   * One kind of step each: staging, the plan, the runs row aside, a table aside and in, the last.
   */
  private static List<Integer> crashPoints() {
    List<Integer> out = new ArrayList<>();
    out.add(steps.indexOf("staged flips"));
    out.add(steps.indexOf("planned the commit"));
    out.add(first(s -> s.startsWith("moved runs/run_id=r -> _previous/")));
    out.add(first(s -> s.startsWith("moved samples/run_id=r -> _previous/")));
    out.add(first(s -> s.endsWith("/samples -> samples/run_id=r")));
    out.add(first(s -> s.endsWith("/curves -> curves/run_id=r")));
    out.add(first(s -> s.endsWith("/runs -> runs/run_id=r")));
    out.add(first(s -> s.startsWith("moved attempts/part-")));
    return out;
  }

  private static int first(Predicate<String> step) {
    for (int i = 0; i < steps.size(); i++) {
      if (step.test(steps.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such step in " + steps);
  }

  @Test
  void theRecordedCommitMovesTheOldRunAsideFirstAndTheNewRunsRowLast() {
    int runsAside = first(s -> s.startsWith("moved runs/run_id=r -> _previous/"));
    int runsIn = first(s -> s.endsWith("/runs -> runs/run_id=r"));
    assertThat(steps.subList(0, runsAside))
        .as("nothing moves before the old runs row is aside")
        .noneMatch(s -> s.startsWith("moved"));
    for (String table : Tables.DATA_TABLES) {
      assertThat(first(s -> s.endsWith("/" + table + " -> " + table + "/run_id=r")))
          .isBetween(runsAside, runsIn);
    }
    assertThat(steps).endsWith("marked committed", "cleared staging");
  }

  @Test
  void aFailureAtAnyStepLeavesTheCommittedRunExactlyAsItWas() throws Exception {
    Map<String, String> before = snapshot(committed);
    for (int crashAt : crashPoints()) {
      Path output = copy(committed, "fail-" + crashAt);
      Attempt failing = new Attempt(output, 2);
      failing.failAfter(crashAt);
      assertThatThrownBy(() -> failing.run(-1)).isInstanceOf(UncheckedIOException.class);
      failing.committer.fail(
          record(RunRecord.FAILED, failing.id), attemptRow(failing.id, AttemptRecord.FAILED));

      assertThat(snapshot(output))
          .as("after a failure at '%s'", steps.get(crashAt))
          .isEqualTo(before);
      assertThat(output.resolve("_staging")).doesNotExist();
      assertThat(attempts(output)).containsEntry(failing.id, AttemptRecord.FAILED);
    }
  }

  @Test
  void aCrashAtAnyStepNeverShowsAMixAndTheNextAttemptRestoresTheOldRunFirst() throws Exception {
    Map<String, String> before = snapshot(committed);
    for (int crashAt : crashPoints()) {
      Path output = copy(committed, "crash-" + crashAt);
      String step = steps.get(crashAt);
      Attempt dying = new Attempt(output, 2);
      assertThatThrownBy(() -> dying.run(crashAt)).isInstanceOf(SimulatedCrash.class);
      List<Integer> rows = visible(output);
      assertThat(Set.copyOf(rows))
          .as("visible after a crash at '%s'", step)
          .isSubsetOf(1, 2)
          .hasSizeLessThanOrEqualTo(1);
      assertThat(rows.size()).as("a whole run or none").isIn(0, (int) rowsPerVersion());

      Attempt next = new Attempt(output, 3);
      next.committer.recoverDeadAttempts();
      assertThat(snapshot(output)).as("restored after a crash at '%s'", step).isEqualTo(before);
      if (crashAt == steps.indexOf("planned the commit")) {
        next.stageAndCommit();
        assertThat(versions(visible(output))).containsExactly(3);
        assertThat(visible(output)).hasSize((int) rowsPerVersion());
        assertThat(output.resolve("_staging")).doesNotExist();
      }
    }
  }

  @Test
  void aCrashWhileUndoingIsUndoneByTheNextAttempt() throws Exception {
    Map<String, String> before = snapshot(committed);
    Path output = copy(committed, "crash-undoing");
    Attempt failing = new Attempt(output, 2);
    failing.failAfter(first(s -> s.endsWith("/curves -> curves/run_id=r")));
    assertThatThrownBy(() -> failing.run(-1)).isInstanceOf(UncheckedIOException.class);
    int[] undone = {0};
    failing.committer.onCheckpoint(
        s -> {
          if (s.startsWith("undid") && ++undone[0] == 3) {
            throw new SimulatedCrash(s);
          }
        });
    assertThatThrownBy(
            () ->
                failing.committer.fail(
                    record(RunRecord.FAILED, failing.id),
                    attemptRow(failing.id, AttemptRecord.FAILED)))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(versions(visible(output))).isEmpty();

    new Attempt(output, 3).committer.recoverDeadAttempts();
    assertThat(snapshot(output)).isEqualTo(before);
  }

  @Test
  void aCrashAfterTheCommitMarkerKeepsTheNewRun() throws Exception {
    Path output = copy(committed, "crash-committed");
    Attempt dying = new Attempt(output, 2);
    assertThatThrownBy(() -> dying.run(steps.indexOf("marked committed")))
        .isInstanceOf(SimulatedCrash.class);
    new Attempt(output, 3).committer.recoverDeadAttempts();
    assertThat(versions(visible(output))).containsExactly(2);
    assertThat(visible(output)).hasSize((int) rowsPerVersion());
    assertThat(output.resolve("_staging")).doesNotExist();
  }

  @Test
  void aNewRunThatFailsMidCommitIsRecordedFailedWithNoRows() throws Exception {
    Path output = dir.resolve("new-run");
    Attempt failing = new Attempt(output, 1);
    failing.committer.markRunningIfNew(record(RunRecord.RUNNING, failing.id));
    failing.failAfter(first(s -> s.endsWith("/flips -> flips/run_id=r")));
    assertThatThrownBy(() -> failing.stageAndCommit()).isInstanceOf(UncheckedIOException.class);
    failing.committer.fail(
        record(RunRecord.FAILED, failing.id), attemptRow(failing.id, AttemptRecord.FAILED));
    List<Row> runs = spark.read().parquet(output.resolve(Tables.RUNS).toString()).collectAsList();
    assertThat(runs)
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("status")).isEqualTo("failed"));
    for (String table : Tables.DATA_TABLES) {
      assertThat(output.resolve(table)).as(table).doesNotExist();
    }
  }

  /**
   * An attempt holding the lease dies mid-commit; another takes it over (--takeover, so no waiting
   * on the clock), restores the old run, records the dead attempt as abandoned and commits whole.
   */
  @Test
  void aTakeoverRestoresWhatTheDeadAttemptLeftAndRecordsIt() throws Exception {
    Path output = copy(committed, "takeover");
    String uri = output.toUri().toString();
    RunLease dying = RunLease.claim(new Configuration(), uri, "r", STALE, false, Clock.systemUTC());
    Attempt dead = new Attempt(output, 2, dying);
    assertThatThrownBy(() -> dead.run(first(s -> s.endsWith("/samples -> samples/run_id=r"))))
        .isInstanceOf(SimulatedCrash.class);
    assertThatThrownBy(
            () -> RunLease.claim(new Configuration(), uri, "r", STALE, false, Clock.systemUTC()))
        .isInstanceOf(RunLease.Refused.class);
    RunLease next = RunLease.claim(new Configuration(), uri, "r", STALE, true, Clock.systemUTC());
    Attempt owner = new Attempt(output, 3, next);
    assertThat(owner.committer.recoverDeadAttempts()).containsExactly(dying.attempt());
    owner.committer.recordAttempts(next.tookOverAttempts("audit"));
    owner.stageAndCommit();
    next.close();

    assertThat(versions(visible(output))).containsExactly(3);
    List<Row> runs = spark.read().parquet(output.resolve(Tables.RUNS).toString()).collectAsList();
    assertThat(runs)
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("attempt")).isEqualTo(next.attempt()));
    assertThat(attempts(output))
        .containsEntry(dying.attempt(), AttemptRecord.TAKEN_OVER)
        .containsEntry(next.attempt(), AttemptRecord.SUCCEEDED);
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
        RunLease.claim(new Configuration(), uri, "r", STALE, false, Clock.systemUTC());
    Attempt asleep = new Attempt(output, 1, sleeper);
    asleep.committer.markRunningIfNew(record(RunRecord.RUNNING, sleeper.attempt()));
    for (String table : Tables.DATA_TABLES) {
      asleep.committer.stagePrepared(
          table, new org.apache.hadoop.fs.Path(template(1, table).toUri()));
    }
    RunLease awake = RunLease.claim(new Configuration(), uri, "r", STALE, true, Clock.systemUTC());
    new Attempt(output, 2, awake).run(-1);
    Map<String, String> after = snapshot(output);

    assertThatThrownBy(
            () ->
                asleep.committer.commit(
                    record(RunRecord.SUCCEEDED, sleeper.attempt()),
                    attemptRow(sleeper.attempt(), AttemptRecord.SUCCEEDED)))
        .isInstanceOf(RunLease.TakenOver.class);
    assertThatThrownBy(
            () ->
                asleep.committer.fail(
                    record(RunRecord.FAILED, sleeper.attempt()),
                    attemptRow(sleeper.attempt(), AttemptRecord.FAILED)))
        .isInstanceOf(RunLease.TakenOver.class);
    assertThat(snapshot(output)).isEqualTo(after);
    assertThat(versions(visible(output))).containsExactly(2);
  }

  /** One attempt of run "r" writing tables whose every row carries {@code version}. */
  private static final class Attempt {
    final String id;
    final RunCommitter committer;
    final int version;
    final List<String> steps = new ArrayList<>();

    Attempt(Path output, int version) {
      this(output, version, null);
    }

    Attempt(Path output, int version, RunLease lease) {
      this.version = version;
      this.id = lease == null ? java.util.UUID.randomUUID().toString() : lease.attempt();
      RunCommitter c = new RunCommitter(spark, output.toUri().toString(), "r", id);
      this.committer = lease == null ? c : c.guardedBy(lease);
    }

    /** Dies (an Error) after step number {@code crashAfter}; none if negative. */
    void run(int crashAfter) throws IOException {
      int[] seen = {0};
      if (crashAfter >= 0) {
        committer.onCheckpoint(
            step -> {
              if (seen[0]++ == crashAfter) {
                throw new SimulatedCrash(step);
              }
            });
      }
      committer.recoverDeadAttempts();
      committer.markRunningIfNew(record(RunRecord.RUNNING, id));
      stageAndCommit();
    }

    /** The step after number {@code at} fails with an I/O error, once. */
    void failAfter(int at) {
      int[] seen = {0};
      committer.onCheckpoint(
          step -> {
            if (seen[0]++ == at) {
              throw new UncheckedIOException(new IOException("injected failure after " + step));
            }
          });
    }

    void stageAndCommit() throws IOException {
      for (String table : Tables.DATA_TABLES) {
        committer.stagePrepared(
            table, new org.apache.hadoop.fs.Path(template(version, table).toUri()));
      }
      committer.commit(record(RunRecord.SUCCEEDED, id), attemptRow(id, AttemptRecord.SUCCEEDED));
    }
  }

  private static Path copy(Path from, String name) throws IOException {
    Path to = dir.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to;
  }

  /**
   * Every committed file and its content: the tables a reader sees (attempt rows, staging and
   * leases aside, since a failed attempt adds its own row).
   */
  private static Map<String, String> snapshot(Path output) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(output)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = output.relativize(f).toString();
        if (rel.startsWith("_staging") || rel.startsWith("_leases") || rel.startsWith("attempts")) {
          continue;
        }
        out.put(rel, FileDigest.sha256(Files.readAllBytes(f)));
      }
    }
    return out;
  }

  /** Where the tables of {@code version} are written once, to be staged by copying. */
  private static Path template(int version, String table) {
    return dir.resolve("templates").resolve("v" + version).resolve(table);
  }

  /** Rows with the table's columns: the first holds {@code version}, the others null. */
  private static Dataset<Row> frame(int version, String table) {
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

  private static Set<Integer> versions(List<Integer> rows) {
    return new HashSet<>(rows);
  }

  /** attempt -> status, from the attempts table. */
  private static Map<String, String> attempts(Path output) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : spark.read().parquet(output.resolve(Tables.ATTEMPTS).toString()).collectAsList()) {
      out.put(r.getAs("attempt"), r.getAs("status"));
    }
    return out;
  }

  /**
   * The version of every data row whose run is succeeded, over all tables, in one query through
   * DuckDB: another reader, as users' would be.
   */
  private static List<Integer> visible(Path output) throws SQLException {
    if (!hasParquet(output.resolve(Tables.RUNS))) {
      return List.of();
    }
    List<String> parts = new ArrayList<>();
    for (String table : Tables.DATA_TABLES) {
      if (hasParquet(output.resolve(table))) {
        String first = TableSchemas.of(table).fields()[0].name();
        parts.add(
            "SELECT CAST(" + first + " AS INT) AS version, run_id FROM " + parquet(output, table));
      }
    }
    if (parts.isEmpty()) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT d.version FROM ("
                    + String.join(" UNION ALL ", parts)
                    + ") d JOIN "
                    + parquet(output, Tables.RUNS)
                    + " r USING (run_id) WHERE r.status = 'succeeded'")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  private static String parquet(Path output, String table) {
    return "read_parquet('"
        + output.resolve(table)
        + "/*/*.parquet', hive_partitioning = true, union_by_name = true)";
  }

  private static boolean hasParquet(Path folder) {
    if (!Files.exists(folder)) {
      return false;
    }
    try (var files = Files.walk(folder)) {
      return files.anyMatch(f -> f.toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AttemptRecord attemptRow(String attempt, String status) {
    return new AttemptRecord(
        attempt,
        "audit",
        "test-host",
        Instant.parse("2026-11-24T10:00:00Z"),
        Instant.parse("2026-11-24T10:05:00Z"),
        status,
        null,
        null);
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
