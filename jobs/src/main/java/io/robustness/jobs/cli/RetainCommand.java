package io.robustness.jobs.cli;

import io.robustness.jobs.tables.RetentionPolicy;
import io.robustness.jobs.tables.RunLease;
import io.robustness.jobs.tables.RunRef;
import io.robustness.jobs.tables.RunRetention;
import io.robustness.jobs.tables.TableReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
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

  @Override
  public Integer call() throws Exception {
    RetentionPolicy policy;
    Instant now;
    try {
      policy = new RetentionPolicy(keepDays, keepLast);
      now = asOf == null ? Instant.now() : Instant.parse(asOf.trim());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      System.err.println(
          e instanceof DateTimeParseException
              ? "--as-of " + asOf + " is not a UTC instant like 2026-11-24T02:00:00Z"
              : e.getMessage());
      return ExitCodes.USAGE;
    }
    return CommandSession.withTables(
        "robustness retain",
        output.uri,
        (spark, tables) -> retain(spark, tables, output.uri, policy, now, dryRun));
  }

  /** Deletes (or lists) the expired runs and orphans, prints what it did, returns the status. */
  static int retain(
      SparkSession spark,
      TableReader tables,
      String outputUri,
      RetentionPolicy policy,
      Instant now,
      boolean dryRun)
      throws IOException {
    List<RunRef> runs = tables.runs();
    List<RunRef> expired = policy.expired(runs, now);
    RunRetention retention = new RunRetention(spark, outputUri);
    String verb = dryRun ? "would delete" : "deleted";
    java.util.Set<String> live = new java.util.HashSet<>();
    for (RunRef run : runs) {
      // The wall clock, not --as-of: a heartbeat is fresh or stale now.
      if (retention.isBeingWritten(run.runId(), RunLease.DEFAULT_STALE_AFTER, Instant.now())) {
        live.add(run.runId());
      }
    }
    for (RunRef run : expired) {
      if (live.contains(run.runId())) {
        System.out.printf("kept run %s: a live attempt is writing it%n", run.runId());
        continue;
      }
      int folders = retention.delete(run, dryRun).size();
      System.out.printf(
          "%s run %s (%s, started %s): %d paths%n",
          verb, run.runId(), run.status(), run.startedAt(), folders);
    }
    List<Path> orphans =
        retention.deleteOrphans(
            runs.stream().map(RunRef::runId).toList(), policy.cutoff(now), dryRun);
    for (Path orphan : orphans) {
      System.out.printf("%s orphan partition %s (no runs row)%n", verb, orphan);
    }
    System.out.printf(
        "%d of %d runs %s; kept runs started since %s%n",
        expired.size() - expired.stream().filter(r -> live.contains(r.runId())).count(),
        runs.size(),
        dryRun ? "would be deleted" : "deleted",
        policy.cutoff(now));
    return ExitCodes.OK;
  }
}
