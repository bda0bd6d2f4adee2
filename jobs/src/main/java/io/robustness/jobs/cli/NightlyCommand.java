package io.robustness.jobs.cli;

import io.robustness.core.checks.Verdict;
import io.robustness.jobs.output.OutputTables;
import io.robustness.jobs.tables.Columns;
import io.robustness.jobs.tables.RetentionPolicy;
import io.robustness.jobs.tables.RunRecord;
import io.robustness.jobs.tables.RunRef;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness nightly --conf FILE}: audit, then the gate ({@code compare --baseline previous
 * --candidate <this run>}), then retention, in one driver and one Spark session, for schedulers
 * that run a single application (a ScheduledSparkApplication, a cron line): its exit status is the
 * night's verdict.
 */
@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = {
      "Audit, compare the run with the previous succeeded run, and delete runs older than"
          + " --keep-days, in one Spark application.",
      "Exit status: 0 passed (or first run: nothing to compare), 1 the audit failed, 2 usage errors,"
          + " 3 an accuracy drop exceeds --max-drop, 4 with --fail-on-checks: an attack-failure"
          + " check failed (table checks)."
    })
final class NightlyCommand implements Callable<Integer> {

  @Mixin SettingsOptions settingsOptions;

  @Option(
      names = "--takeover",
      description =
          "run even though another attempt of this run id looks alive: only when you know it is"
              + " dead")
  boolean takeover;

  @Option(
      names = "--max-drop",
      defaultValue = "0.02",
      description =
          "the gate: largest accuracy drop allowed at any epsilon, default: ${DEFAULT-VALUE}")
  double maxDrop;

  @Option(
      names = "--attack",
      paramLabel = "NAME",
      description =
          "gate on this attack only (fgsm, bim, pgd, ..., or worst: the worst case over the run's"
              + " attacks); default: every attack")
  String attack;

  @Option(
      names = "--fail-on-checks",
      description =
          "exit 4 when any attack-failure check of the run failed (its checks table): the curves"
              + " may overstate robustness")
  boolean failOnChecks;

  @Option(
      names = "--keep-days",
      defaultValue = "0",
      paramLabel = "N",
      description = "after the gate, delete runs older than N days; 0 keeps everything (default)")
  int keepDays;

  @Option(
      names = "--keep-last",
      defaultValue = "2",
      paramLabel = "K",
      description =
          "with --keep-days, keep the K newest succeeded runs however old, default: ${DEFAULT-VALUE}")
  int keepLast;

  @Override
  public Integer call() throws Exception {
    RetentionPolicy retention = null;
    if (keepDays > 0) {
      retention = new RetentionPolicy(keepDays, keepLast);
    } else if (keepDays < 0 || keepLast < 0) {
      System.err.println("--keep-days and --keep-last must not be negative");
      return ExitCodes.USAGE;
    }
    AuditCommand.Prepared prepared =
        AuditCommand.prepare(settingsOptions, takeover, "robustness nightly");
    if (prepared == null) {
      return ExitCodes.USAGE;
    }

    String runId = prepared.settings().run().id();
    // One session for all three steps, stopped when the run is released.
    try (prepared) {
      int audit = AuditCommand.run(prepared);
      if (audit != ExitCodes.OK) {
        return audit;
      }
      CommandSession session = prepared.session().session();
      TableReader tables = OutputTables.reader(session.spark(), prepared.settings().output());
      int gate = gate(tables, runId);
      if (failOnChecks && failedChecks(tables, runId) > 0) {
        gate = ExitCodes.CHECK_FAILED;
      }
      if (retention != null) {
        int retain =
            RetainCommand.retain(
                session.spark(),
                tables,
                retention,
                Instant.now(),
                prepared.settings().run().staleAfter(),
                false);
        if (retain != ExitCodes.OK && gate == ExitCodes.OK) {
          return retain;
        }
      }
      return gate;
    }
  }

  /** The run's failed checks, each printed. */
  private static long failedChecks(TableReader tables, String runId) {
    List<Row> failed =
        tables
            .read(Tables.CHECKS)
            .where(
                functions
                    .col(Tables.RUN_ID)
                    .equalTo(runId)
                    .and(functions.col(Columns.VERDICT).equalTo(Verdict.FAIL.tableName())))
            .collectAsList();
    for (Row r : failed) {
      Object epsilon = r.getAs(Columns.EPSILON);
      System.out.printf(
          java.util.Locale.ROOT,
          "checks: %s failed for %s%s: %.4f above %.4f%n",
          r.<String>getAs(Columns.CHECK),
          r.<String>getAs(Columns.ATTACK),
          epsilon == null ? "" : " at epsilon " + epsilon,
          r.<Double>getAs(Columns.VALUE),
          r.<Double>getAs(Columns.THRESHOLD));
    }
    return failed.size();
  }

  private int gate(TableReader tables, String runId) throws Exception {
    long succeeded =
        tables.runs().stream().filter(r -> RunRecord.SUCCEEDED.equals(r.status())).count();
    if (succeeded < 2) {
      System.out.println("gate: run " + runId + " is the first succeeded run; nothing to compare");
      return ExitCodes.OK;
    }
    return CompareCommand.compare(
        tables,
        new CompareCommand.Gate(
            RunRef.PREVIOUS,
            runId,
            maxDrop,
            Integer.parseInt(CompareCommand.TOP_CLASSES),
            RowPrinter.Format.table,
            attack));
  }
}
