package io.robustness.jobs.cli;

import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.tables.IcebergRetention;
import io.robustness.jobs.tables.RetentionPolicy;
import io.robustness.jobs.tables.RunRef;
import io.robustness.jobs.tables.RunRetention;
import io.robustness.jobs.tables.TableReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness retain --output URI --keep-days N}: deletes runs that started more than N days
 * ago from every table, so that nightly outputs do not grow without end.
 */
@Command(
    name = "retain",
    mixinStandardHelpOptions = true,
    description = {
      "Delete runs that started more than --keep-days days ago from every table (and their staging"
          + " leftovers and default report). Exit status: 0 done, 1 a deletion failed, 2 usage errors."
    })
final class RetainCommand implements Callable<Integer> {

  @Mixin OutputOption output;

  @Option(
      names = "--keep-days",
      required = true,
      paramLabel = "N",
      description = "keep runs that started within the last N days (N >= 1)")
  int keepDays;

  @Option(
      names = "--keep-last",
      defaultValue = "0",
      paramLabel = "K",
      description =
          "also keep the K newest succeeded runs however old, so a gate keeps its baseline,"
              + " default: ${DEFAULT-VALUE}")
  int keepLast;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description =
          "count days back from this UTC instant, like 2026-11-24T02:00:00Z, default: now")
  String asOf;

  @Option(names = "--dry-run", description = "list what would be deleted, delete nothing")
  boolean dryRun;

  @Option(
      names = "--stale-after",
      defaultValue = "3m",
      paramLabel = "DURATION",
      converter = DurationOption.class,
      description =
          "a run whose lease heartbeat is younger than this is being written and is kept; use the"
              + " audits' robustness.run.stale-after, default: ${DEFAULT-VALUE}")
  Duration staleAfter;

  @Override
  public Integer call() throws Exception {
    RetentionPolicy policy;
    Instant now;
    policy = new RetentionPolicy(keepDays, keepLast);
    try {
      now = asOf == null ? Instant.now() : Instant.parse(asOf.trim());
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--as-of " + asOf + " is not a UTC instant like 2026-11-24T02:00:00Z", e);
    }
    return CommandSession.withTables(
        "robustness retain",
        output,
        (spark, tables) -> retain(spark, tables, policy, now, staleAfter, dryRun));
  }

  /** Deletes (or lists) the expired runs and orphans, prints what it did, returns the status. */
  static int retain(
      SparkSession spark,
      TableReader tables,
      RetentionPolicy policy,
      Instant now,
      Duration staleAfter,
      boolean dryRun)
      throws IOException {
    List<RunRef> runs = tables.runs();
    List<RunRef> attemptsOnly = tables.runsKnownByAttemptsOnly();
    List<RunRef> expired = new ArrayList<>(policy.expired(runs, now));
    expired.addAll(policy.expired(attemptsOnly, now));
    RunRetention retention = new RunRetention(spark, tables, staleAfter);
    String verb = dryRun ? "would delete" : "deleted";
    int deleted = 0;
    for (RunRef run : expired) {
      RunRetention.Outcome outcome = retention.delete(run.runId(), dryRun);
      if (outcome.kept()) {
        System.out.printf("kept run %s: a live attempt is writing it%n", run.runId());
        continue;
      }
      deleted++;
      System.out.printf(
          "%s run %s (%s, started %s): %d paths%n",
          verb, run.runId(), run.status(), run.startedAt(), outcome.paths().size());
    }
    List<String> known = new ArrayList<>();
    runs.forEach(r -> known.add(r.runId()));
    attemptsOnly.forEach(r -> known.add(r.runId()));
    List<String> orphans = retention.deleteOrphans(known, policy.cutoff(now), dryRun);
    for (String orphan : orphans) {
      System.out.printf("%s orphan partition %s (no runs row)%n", verb, orphan);
    }
    IcebergRetention.Maintenance maintenance =
        dryRun ? null : retention.maintain(policy.cutoff(now));
    if (maintenance != null) {
      System.out.printf(
          "expired %d Iceberg snapshots older than %s; removed %d files no snapshot references%n",
          maintenance.expiredSnapshots(), policy.cutoff(now), maintenance.removedFiles());
    }
    System.out.printf(
        "%d of %d runs %s; kept runs started since %s%n",
        deleted,
        runs.size() + attemptsOnly.size(),
        dryRun ? "would be deleted" : "deleted",
        policy.cutoff(now));
    return ExitCodes.OK;
  }
}
