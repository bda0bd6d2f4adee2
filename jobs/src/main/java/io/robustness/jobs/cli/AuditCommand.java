package io.robustness.jobs.cli;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.audit.AuditResult;
import io.robustness.jobs.audit.JobGroups;
import io.robustness.jobs.audit.Preflight;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.ConfigLoader;
import io.robustness.jobs.config.Secrets;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.config.SettingsReading;
import io.robustness.jobs.runtime.HadoopConf;
import io.robustness.jobs.runtime.IntraOpThreads;
import io.robustness.jobs.tables.AttemptStop;
import io.robustness.jobs.tables.RunLease;
import io.robustness.jobs.tables.Tables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness audit --conf FILE [--set key=value ...]}: validates everything, dry-runs the
 * model, then starts Spark (master from spark-submit or the launcher), runs the audit and prints
 * the curve.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Attack every image of a dataset with FGSM on Spark and write the result tables.")
final class AuditCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(AuditCommand.class);

  @Mixin SettingsOptions settingsOptions;

  @Option(
      names = "--takeover",
      description =
          "run even though another attempt of this run id looks alive (its heartbeat is fresh):"
              + " only when you know it is dead")
  boolean takeover;

  @Override
  public Integer call() throws Exception {
    Prepared prepared = prepare(settingsOptions, takeover);
    return prepared == null ? ExitCodes.USAGE : run(prepared);
  }

  /**
   * Settings and model that passed every check before Spark starts, and the claim on the run id
   * (close it when done).
   */
  record Prepared(
      AuditSettings settings, Preflight.Checked checked, RunLease lease, AttemptStop stop)
      implements AutoCloseable {

    /** Releases the run (idempotent): for callers that end before {@link #run} does. */
    @Override
    public void close() {
      lease.close();
      stop.close();
    }
  }

  /**
   * Validates the settings, dataset and model; prints every problem and returns null when there is
   * one.
   */
  static Prepared prepare(SettingsOptions options, boolean takeover) {
    SparkConf sparkConf = new SparkConf();
    AuditSettings settings = null;
    Preflight.Checked checked = null;
    List<String> problems = new ArrayList<>();
    try {
      SettingsReading reading =
          AuditSettings.read(ConfigLoader.load(options.conf, options.sets), Clock.systemUTC());
      int threads = IntraOpThreads.resolve(reading.runtime().intraOpThreads(), sparkConf);
      checked =
          Preflight.check(
              reading,
              HadoopConf.withOverrides(HadoopConf.from(sparkConf), reading.hadoop()),
              threads);
      settings = reading.settings();
    } catch (SettingsException e) {
      problems.addAll(e.problems());
    }
    String noMaster = CommandSession.masterProblem(sparkConf);
    if (noMaster != null) {
      problems.add(noMaster);
    }
    if (!problems.isEmpty()) {
      System.err.println(new SettingsException(problems).getMessage());
      return null;
    }
    // Watching for SIGINT and SIGTERM before the claim: no signal can leave the lease behind.
    AttemptStop stop = AttemptStop.watch(settings.run().id(), settings.run().stopTimeout());
    try {
      // Last, so that a refused attempt never holds the run: a live attempt of this id refuses
      // this one here, before Spark starts.
      RunLease lease =
          AuditJob.claim(
              HadoopConf.withOverrides(HadoopConf.from(sparkConf), settings.hadoop()),
              settings,
              takeover);
      if (lease.tookOver() != null) {
        System.err.println("run " + settings.run().id() + ": taking over from " + lease.tookOver());
      }
      return new Prepared(settings, checked, lease, stop);
    } catch (SettingsException e) {
      stop.close();
      System.err.println(e.getMessage());
      return null;
    } catch (java.io.IOException e) {
      stop.close();
      System.err.println(
          "cannot claim run "
              + settings.run().id()
              + " under "
              + Secrets.stripUserInfo(settings.output().uri())
              + ": "
              + e.getMessage());
      return null;
    }
  }

  static int run(Prepared prepared) throws Exception {
    AuditSettings settings = prepared.settings();
    // Closed in reverse: the session, then the lease, then the stop watch, which lets a stopping
    // process exit only once the run is released.
    try (AttemptStop stop = prepared.stop();
        RunLease lease = prepared.lease();
        CommandSession session =
            CommandSession.start("robustness audit " + settings.run().id(), true)) {
      SparkSession spark = session.spark();
      stop.cancels(spark.sparkContext(), JobGroups.group(settings.run().id()));
      AuditResult result = AuditJob.run(spark, settings, prepared.checked(), lease, stop);
      CurvePrinter.print(System.out, result);
      return ExitCodes.OK;
    } catch (SettingsException | RunLease.TakenOver e) {
      System.err.println(e.getMessage());
      return ExitCodes.of(e);
    } catch (Exception e) {
      LOG.error("audit run {} failed", settings.run().id(), e);
      System.err.println(
          "audit run "
              + settings.run().id()
              + (prepared.stop().stopping() ? " was interrupted" : " failed")
              + ": "
              + Secrets.stripUserInfo(String.valueOf(e.getMessage()))
              + "; what earlier runs committed is unchanged, and this attempt is recorded in the "
              + Tables.ATTEMPTS
              + " table");
      return ExitCodes.FAILURE;
    }
  }
}
