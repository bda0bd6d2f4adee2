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
 * {@code robustness audit --conf FILE [--set key=value ...]}: validates everything and dry-runs the
 * model while Spark starts (master from spark-submit or the launcher), runs the audit and prints
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
    Prepared prepared = prepare(settingsOptions, takeover, "robustness audit");
    if (prepared == null) {
      return ExitCodes.USAGE;
    }
    try (prepared) {
      return run(prepared);
    }
  }

  /**
   * Settings and model that passed every check, the claim on the run id, and the Spark session that
   * started meanwhile (close it when done).
   */
  record Prepared(
      AuditSettings settings,
      Preflight.Checked checked,
      RunLease lease,
      AttemptStop stop,
      PendingSession session)
      implements AutoCloseable {

    /**
     * Stops the session (when the command started it), then releases the run, then the stop watch,
     * which lets a stopping process exit only once the run is released (idempotent).
     */
    @Override
    public void close() {
      try {
        session.close();
      } finally {
        lease.close();
        stop.close();
      }
    }
  }

  /**
   * Validates the settings, dataset and model; prints every problem and returns null when there is
   * one. Settings that read without a problem start the Spark session named {@code appName} in the
   * background while the dataset is listed, the model dry-run and the run id claimed; a problem
   * found there stops it again before anything is written.
   */
  static Prepared prepare(SettingsOptions options, boolean takeover, String appName) {
    SparkConf sparkConf = new SparkConf();
    AuditSettings settings = null;
    Preflight.Checked checked = null;
    PendingSession session = null;
    List<String> problems = new ArrayList<>();
    String noMaster = CommandSession.masterProblem(sparkConf);
    try {
      SettingsReading reading =
          AuditSettings.read(ConfigLoader.load(options.conf, options.sets), Clock.systemUTC());
      if (reading.problems().isEmpty() && noMaster == null) {
        session = PendingSession.start(appName + " " + reading.settings().run().id());
      }
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
    if (noMaster != null) {
      problems.add(noMaster);
    }
    if (!problems.isEmpty()) {
      if (session != null) {
        session.close();
      }
      System.err.println(new SettingsException(problems).getMessage());
      return null;
    }
    // Watching for SIGINT and SIGTERM before the claim: no signal can leave the lease behind.
    AttemptStop stop = AttemptStop.watch(settings.run().id(), settings.run().stopTimeout());
    try {
      // Last, so that a refused attempt never holds the run: a live attempt of this id refuses
      // this one here, before any Spark job runs.
      RunLease lease =
          AuditJob.claim(
              HadoopConf.withOverrides(HadoopConf.from(sparkConf), settings.hadoop()),
              settings,
              takeover);
      if (lease.tookOver() != null) {
        System.err.println("run " + settings.run().id() + ": taking over from " + lease.tookOver());
      }
      return new Prepared(settings, checked, lease, stop, session);
    } catch (SettingsException e) {
      session.close();
      stop.close();
      System.err.println(e.getMessage());
      return null;
    } catch (java.io.IOException e) {
      session.close();
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

  /** Runs the prepared audit in its session; the caller closes {@code prepared}. */
  static int run(Prepared prepared) throws Exception {
    AuditSettings settings = prepared.settings();
    try {
      SparkSession spark = prepared.session().session().spark();
      AttemptStop stop = prepared.stop();
      stop.cancels(spark.sparkContext(), JobGroups.group(settings.run().id()));
      AuditResult result =
          AuditJob.run(spark, settings, prepared.checked(), prepared.lease(), stop);
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
