package io.robustness.jobs.cli;

import ai.djl.Device;
import io.robustness.core.harden.TrainableModel;
import io.robustness.jobs.config.ConfigLoader;
import io.robustness.jobs.config.HardenSettings;
import io.robustness.jobs.config.Secrets;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.harden.HardenJob;
import io.robustness.jobs.runtime.HadoopConf;
import io.robustness.jobs.runtime.IntraOpThreads;
import io.robustness.jobs.tables.AttemptStop;
import io.robustness.jobs.tables.RunLease;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code robustness harden --conf FILE}: fine-tunes the model on adversarial examples and writes a
 * new TorchScript file and the training table. Settings and model are checked before Spark starts.
 */
@Command(
    name = "harden",
    mixinStandardHelpOptions = true,
    description =
        "Fine-tune robustness.model on adversarial examples (robustness.harden.*) in this JVM and"
            + " write a hardened TorchScript file and the training table.")
final class HardenCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(HardenCommand.class);

  @Mixin SettingsOptions settingsOptions;

  @picocli.CommandLine.Option(
      names = "--takeover",
      description =
          "run even though another attempt of this run id looks alive (its heartbeat is fresh):"
              + " only when you know it is dead")
  boolean takeover;

  @Override
  public Integer call() throws Exception {
    SparkConf sparkConf = new SparkConf();
    List<String> problems = new ArrayList<>();
    HardenSettings settings = null;
    try {
      settings = HardenSettings.from(ConfigLoader.load(settingsOptions.conf, settingsOptions.sets));
      IntraOpThreads.apply(settings.threads());
      // A model that cannot be trained is refused before Spark starts (on the CPU: this is a
      // check).
      try (TrainableModel checked =
          HardenJob.checkModel(
              settings,
              HadoopConf.withOverrides(HadoopConf.from(sparkConf), settings.hadoop()),
              Device.cpu())) {
        LOG.info("model {} can be trained", Secrets.stripUserInfo(settings.model().uri()));
      }
    } catch (SettingsException e) {
      problems.addAll(e.problems());
    }
    String noMaster = CommandSession.masterProblem(sparkConf);
    if (noMaster != null) {
      problems.add(noMaster);
    }
    if (!problems.isEmpty()) {
      System.err.println(new SettingsException(problems).getMessage());
      return ExitCodes.USAGE;
    }
    String runId = settings.run().id();
    // Watching for SIGINT and SIGTERM before the claim: no signal can leave the lease behind.
    AttemptStop stop = AttemptStop.watch(runId, settings.run().stopTimeout());
    RunLease lease;
    try {
      lease =
          HardenJob.claim(
              HadoopConf.withOverrides(HadoopConf.from(sparkConf), settings.hadoop()),
              settings,
              takeover);
    } catch (SettingsException e) {
      stop.close();
      System.err.println(e.getMessage());
      return ExitCodes.USAGE;
    }
    if (lease.tookOver() != null) {
      System.err.println("run " + runId + ": taking over from " + lease.tookOver());
    }
    // Closed in reverse: the session, the lease, then the stop watch.
    try (stop;
        lease;
        CommandSession session = CommandSession.start("robustness harden " + runId)) {
      stop.cancels(session.spark().sparkContext(), HardenJob.jobGroup(runId));
      HardenJob.Result result = HardenJob.run(session.spark(), settings, System.out, lease, stop);
      System.out.printf(
          Locale.ROOT, "hardened model: %s%ntraining table: %s%n", result.model(), result.table());
      return ExitCodes.OK;
    } catch (SettingsException | RunLease.TakenOver e) {
      System.err.println(e.getMessage());
      return ExitCodes.of(e);
    } catch (Exception e) {
      LOG.error("harden run {} failed", runId, e);
      System.err.println(
          "harden run "
              + runId
              + (stop.stopping() ? " was interrupted" : " failed")
              + ": "
              + Secrets.stripUserInfo(String.valueOf(e.getMessage()))
              + "; the output model and the training table are unchanged, and this attempt is"
              + " recorded in the attempts table");
      return ExitCodes.FAILURE;
    }
  }
}
