package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.tables.ProtocolFixtures;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retain} over real nightly runs: three nights with start-date ids, a week apart and a day
 * apart, each written by the audit job with its night's clock.
 */
class RetainCommandTest {

  private static final String AS_OF = "2026-11-24T02:00:00Z";
  private static final List<String> NIGHTS =
      List.of("2026-11-01T01:00:00Z", "2026-11-20T01:00:00Z", "2026-11-23T01:00:00Z");

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path pristine;
  private Path output;

  @BeforeAll
  static void threeNights() throws Exception {
    spark = SparkTestSession.start();
    Path images = SampleSubset.copy("mnist", 2, dir.resolve("images"));
    pristine = dir.resolve("pristine");
    for (String night : NIGHTS) {
      AuditJob.run(
          spark,
          AuditSettings.from(
              Samples.config(
                  "mnist",
                  pristine,
                  "",
                  "robustness.dataset.uri=" + images,
                  "robustness.attack.epsilons=[0, 0.1]",
                  "robustness.report.examples=1",
                  "robustness.run.id-from=start-date"),
              Clock.fixed(Instant.parse(night), ZoneOffset.UTC)));
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Every test works on its own copy of the three nights. */
  @BeforeEach
  void copyOutput() throws IOException {
    output = dir.resolve("out-" + System.nanoTime());
    try (Stream<Path> files = Files.walk(pristine)) {
      for (Path from : files.toList()) {
        Path to = output.resolve(pristine.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
  }

  private TreeSet<String> runIdsIn(String table) {
    TreeSet<String> ids = new TreeSet<>();
    for (Row r :
        new TableReader(spark, output.toUri().toString())
            .read(table)
            .select(Tables.RUN_ID)
            .distinct()
            .collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  private CliRun retain(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("retain", "--output", output.toUri().toString(), "--as-of", AS_OF));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void theNightsHaveDateIdsInEveryTable() {
    for (String table : List.of(Tables.RUNS, Tables.SAMPLES, Tables.CURVES, Tables.EXAMPLES)) {
      assertThat(runIdsIn(table))
          .as(table)
          .containsExactly("2026-11-01", "2026-11-20", "2026-11-23");
    }
    assertThat(output.resolve("reports/2026-11-01.html")).exists();
  }

  @Test
  void runsOlderThanKeepDaysLeaveEveryTableAndTheirReport() {
    CliRun run = retain("--keep-days", "7");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("deleted run 2026-11-01 (succeeded, started 2026-11-01T01:00:00Z)")
        .contains("1 of 3 runs deleted");
    for (String table : Tables.ALL) {
      assertThat(runIdsIn(table)).as(table).doesNotContain("2026-11-01");
      assertThat(output.resolve(table).resolve("run_id=2026-11-01")).doesNotExist();
    }
    assertThat(runIdsIn(Tables.CURVES)).containsExactly("2026-11-20", "2026-11-23");
    assertThat(output.resolve("reports/2026-11-01.html")).doesNotExist();
    assertThat(output.resolve("reports/2026-11-20.html")).exists();
    CliRun compare =
        CliRun.of(
            "compare",
            "--output",
            output.toUri().toString(),
            "--baseline",
            "previous",
            "--candidate",
            "latest",
            "--max-drop",
            "1");
    assertThat(compare.exit()).as(compare.err()).isZero();
    assertThat(compare.out()).contains("baseline   2026-11-20").contains("candidate  2026-11-23");
  }

  @Test
  void aDryRunListsButDeletesNothing() {
    CliRun run = retain("--keep-days", "2", "--dry-run");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("would delete run 2026-11-01")
        .contains("would delete run 2026-11-20")
        .contains("2 of 3 runs would be deleted");
    assertThat(runIdsIn(Tables.SAMPLES)).hasSize(3);
  }

  @Test
  void keepLastKeepsABaselineWhenTheScheduleStopped() {
    CliRun run = retain("--keep-days", "1", "--keep-last", "2");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(runIdsIn(Tables.RUNS)).containsExactly("2026-11-20", "2026-11-23");
  }

  @Test
  void deletingEveryRunLeavesNoTableFolders() {
    CliRun run =
        CliRun.of(
            "retain",
            "--output",
            output.toString(),
            "--keep-days",
            "1",
            "--as-of",
            "2027-01-01T00:00:00Z");
    assertThat(run.exit()).as(run.err()).isZero();
    for (String table : Tables.ALL) {
      assertThat(output.resolve(table)).as(table).doesNotExist();
    }
  }

  @Test
  void dataLeftByAnInterruptedRetainIsRemovedAsOrphans() throws IOException {
    // An earlier retain removed the runs row of 2026-11-01, then died.
    deleteTree(output.resolve("runs/run_id=2026-11-01"));
    ageFiles("run_id=2026-11-01", Instant.parse("2026-11-01T02:00:00Z"));
    CliRun run = retain("--keep-days", "7");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("deleted orphan partition").contains("0 of 2 runs deleted");
    assertThat(runIdsIn(Tables.SAMPLES)).containsExactly("2026-11-20", "2026-11-23");
    assertThat(runIdsIn(Tables.ATTEMPTS)).containsExactly("2026-11-20", "2026-11-23");
  }

  @Test
  void freshPartitionsWithoutARunsRowAreLeftAlone() throws IOException {
    // A run being committed rewrites its runs row: for a moment it has data but no row.
    deleteTree(output.resolve("runs/run_id=2026-11-23"));
    CliRun run = retain("--keep-days", "7");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(output.resolve("samples/run_id=2026-11-23")).exists();
  }

  @Test
  void anOrphansAgeIsItsNewestFilesNotItsFolders() throws IOException {
    // Object stores report folders with time 0: only the files tell that this data is new.
    deleteTree(output.resolve("runs/run_id=2026-11-23"));
    for (String table : Tables.RETAINED) {
      Path partition = output.resolve(table).resolve("run_id=2026-11-23");
      if (Files.exists(partition)) {
        Files.setLastModifiedTime(partition, FileTime.fromMillis(0));
      }
    }
    CliRun run = retain("--keep-days", "1");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("orphan");
    assertThat(output.resolve("samples/run_id=2026-11-23")).exists();
  }

  @Test
  void anOrphanLeftByAnAttemptThatDiedMidCommitIsRolledBackNotDeleted() throws Exception {
    ProtocolFixtures.diedHidingTheRun(spark, output, "2026-11-20");
    assertThat(output.resolve("runs/run_id=2026-11-20")).doesNotExist();
    // Old enough to look like an orphan; its run started within the 30 days kept.
    ageFiles("run_id=2026-11-20", Instant.parse("2026-10-01T02:00:00Z"));
    CliRun run = retain("--keep-days", "30");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("orphan");
    assertThat(runIdsIn(Tables.RUNS)).contains("2026-11-20");
    assertThat(runIdsIn(Tables.SAMPLES)).contains("2026-11-20");
    assertThat(output.resolve("_staging")).doesNotExist();
  }

  @Test
  void aRunWhoseLeaseIsStaleByStaleAfterIsDeletedAndAFreshOneKept() throws Exception {
    Instant asOf = Instant.now();
    ProtocolFixtures.deadAttempt(output, "2026-11-01", asOf.minus(Duration.ofMinutes(10)));
    ProtocolFixtures.deadAttempt(output, "2026-11-20", asOf.minus(Duration.ofMinutes(1)));
    CliRun run =
        CliRun.of(
            "retain",
            "--output",
            output.toUri().toString(),
            "--keep-days",
            "1",
            "--as-of",
            "2026-11-30T00:00:00Z",
            "--stale-after",
            "5m");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("deleted run 2026-11-01")
        .contains("kept run 2026-11-20: a live attempt is writing it")
        .contains("deleted run 2026-11-23");
    assertThat(runIdsIn(Tables.RUNS)).containsExactly("2026-11-20");
  }

  /** Sets the modification time of every file of the run's partitions. */
  private void ageFiles(String partition, Instant at) throws IOException {
    for (String table : Tables.RETAINED) {
      Path folder = output.resolve(table).resolve(partition);
      if (!Files.exists(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.setLastModifiedTime(f, FileTime.from(at));
        }
      }
    }
  }

  @Test
  void badArgumentsAreUsageErrors() {
    CliRun zero = retain("--keep-days", "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("--keep-days 0 must be at least 1");
    CliRun badInstant =
        CliRun.of(
            "retain", "--output", output.toString(), "--keep-days", "3", "--as-of", "yesterday");
    assertThat(badInstant.exit()).isEqualTo(2);
    assertThat(badInstant.err()).contains("--as-of yesterday is not a UTC instant");
    CliRun noTables =
        CliRun.of("retain", "--output", dir.resolve("nothing").toString(), "--keep-days", "3");
    assertThat(noTables.exit()).isEqualTo(2);
    assertThat(noTables.err()).contains("no result tables under");
    assertThat(runIdsIn(Tables.RUNS)).hasSize(3);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
