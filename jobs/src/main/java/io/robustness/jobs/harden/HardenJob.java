package io.robustness.jobs.harden;

import ai.djl.Device;
import io.robustness.core.dataset.SampleRule;
import io.robustness.core.harden.AdversarialTrainer;
import io.robustness.core.harden.FgsmValidation;
import io.robustness.core.harden.HardenMethod;
import io.robustness.core.harden.LabelledImages;
import io.robustness.core.harden.TrainableModel;
import io.robustness.core.image.PixelImage;
import io.robustness.core.model.DeviceSelector;
import io.robustness.core.model.ModelLoadException;
import io.robustness.core.model.PyTorchRuntime;
import io.robustness.jobs.config.HardenSettings;
import io.robustness.jobs.config.Secrets;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.dataset.DecodedImages;
import io.robustness.jobs.output.OutputTables;
import io.robustness.jobs.runtime.HadoopConf;
import io.robustness.jobs.runtime.LocalModelFiles;
import io.robustness.jobs.store.StoreRetry;
import io.robustness.jobs.tables.AttemptRecord;
import io.robustness.jobs.tables.AttemptStop;
import io.robustness.jobs.tables.RunCommitter;
import io.robustness.jobs.tables.RunLease;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.tables.TrainingTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Hardens a model: reads and decodes the training images with Spark (any layout), holds out a
 * validation share by id and seed, fine-tunes in this JVM epoch by epoch (measuring clean and FGSM
 * accuracy on the held-out images through the audit's own scoring path after each), then writes the
 * TorchScript file and the {@code training} table.
 */
public final class HardenJob {

  /** What a run did. */
  public record Result(
      List<TrainingTable.Epoch> epochs,
      FgsmValidation.Accuracy before,
      int trainImages,
      int validationImages,
      int failedImages,
      String model,
      String table) {}

  private HardenJob() {}

  /**
   * Loads the model for training, refusing one that cannot be trained, before any data is read.
   *
   * @throws SettingsException naming the model and the fix
   */
  public static TrainableModel checkModel(
      HardenSettings settings, Configuration hadoop, Device device) throws IOException {
    return load(LocalModelFiles.fetch(settings.model().uri(), hadoop), settings, device);
  }

  private static TrainableModel load(Path file, HardenSettings settings, Device device) {
    try {
      return TrainableModel.load(file, settings.model().spec(), device);
    } catch (ModelLoadException e) {
      throw new SettingsException(List.of(e.getMessage()));
    }
  }

  /**
   * Claims the run id under the output root, then hardens (tests and embedding applications).
   *
   * @throws SettingsException when a live attempt holds the run id
   */
  public static Result run(SparkSession spark, HardenSettings settings, PrintStream progress)
      throws IOException, ModelLoadException {
    AttemptStop stop =
        AttemptStop.watch(settings.run().id(), settings.run().stopTimeout())
            .cancels(spark.sparkContext(), jobGroup(settings.run().id()));
    try (stop;
        RunLease lease = claim(spark.sparkContext().hadoopConfiguration(), settings, false)) {
      return run(spark, settings, progress, lease, stop);
    }
  }

  /**
   * Claims the run id of a hardening run: its model and {@code training} rows are written by one
   * attempt at a time.
   *
   * @throws SettingsException when a live attempt holds it, naming that attempt and what to do
   */
  public static RunLease claim(Configuration hadoop, HardenSettings settings, boolean takeover)
      throws IOException {
    try {
      return RunLease.acquire(
          HadoopConf.withOverrides(hadoop, settings.hadoop()),
          settings.outputUri(),
          settings.run().id(),
          settings.run().staleAfter(),
          takeover);
    } catch (RunLease.Refused e) {
      throw new SettingsException(List.of(e.getMessage()));
    }
  }

  /**
   * Hardens as the attempt holding {@code lease}: the model file and the {@code training} rows are
   * staged and committed together, or, on any failure or stop, neither changes.
   */
  public static Result run(
      SparkSession spark,
      HardenSettings settings,
      PrintStream progress,
      RunLease lease,
      AttemptStop stop)
      throws IOException, ModelLoadException {
    Configuration hadoop =
        HadoopConf.withOverrides(spark.sparkContext().hadoopConfiguration(), settings.hadoop());
    RunCommitter committer =
        OutputTables.committer(spark, settings.output(), settings.run().id(), lease)
            .stoppedBy(stop);
    AttemptRecord attempt = AttemptRecord.of(lease, COMMAND);
    String runId = settings.run().id();
    spark.sparkContext().setJobGroup(jobGroup(runId), "harden " + runId, true);
    committer.recoverDeadAttempts();
    committer.recordAttempts(lease.tookOverAttempts(COMMAND));
    Path work = Files.createTempDirectory("harden");
    try {
      Result result =
          train(spark, settings, progress, hadoop, stop, work, committer.describe(Tables.TRAINING));
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(settings.outputModel());
      org.apache.hadoop.fs.Path staged = committer.stageFile(target);
      org.apache.hadoop.fs.FileSystem stagedFs = staged.getFileSystem(hadoop);
      StoreRetry.call(
          "writing the hardened model to " + staged,
          () -> {
            stagedFs.copyFromLocalFile(
                false, true, new org.apache.hadoop.fs.Path(work.resolve(SAVED).toUri()), staged);
            return null;
          });
      committer.stage(Tables.TRAINING, TrainingTable.frame(spark, result.epochs()));
      committer.commit(null, attempt.ended(AttemptRecord.SUCCEEDED, Instant.now(), null));
      return result;
    } catch (Exception e) {
      if (e instanceof RunLease.TakenOver || lease.isLost()) {
        throw e;
      }
      spark
          .sparkContext()
          .setJobGroup(
              jobGroup(runId) + "-cleanup", "harden " + runId + ": recording the end", false);
      boolean stopped = stop.stopping();
      String message =
          stopped
              ? "interrupted: the process was asked to stop (SIGINT or SIGTERM)"
              : Secrets.stripUserInfo(e.getClass().getSimpleName() + ": " + e.getMessage());
      try {
        committer.fail(
            null,
            attempt.ended(
                stopped ? AttemptRecord.INTERRUPTED : AttemptRecord.FAILED,
                Instant.now(),
                message));
      } catch (Exception f) {
        e.addSuppressed(f);
      }
      throw e;
    } finally {
      deleteTree(work);
      spark.sparkContext().clearJobGroup();
    }
  }

  /** The group of a hardening attempt's Spark jobs: what a stop cancels. */
  public static String jobGroup(String runId) {
    return "harden-" + runId;
  }

  private static final String COMMAND = "harden";
  private static final String SAVED = "hardened.pt";

  /** Reads, splits and fine-tunes; leaves the trained model in {@code work/hardened.pt}. */
  private static Result train(
      SparkSession spark,
      HardenSettings settings,
      PrintStream progress,
      Configuration hadoop,
      AttemptStop stop,
      Path work,
      String table)
      throws IOException, ModelLoadException {
    Device device = driverDevice(spark);
    // The local copy of the model: trained from, and scored as it is for the "before" figures.
    Path original = LocalModelFiles.fetch(settings.model().uri(), hadoop);
    try (TrainableModel model = load(original, settings, device)) {
      DecodedImages.Result read =
          DecodedImages.read(spark, settings.dataset(), settings.model().spec(), settings.hadoop());
      Split split = split(read.images(), settings);
      if (split.train().size() == 0 || split.validation().size() == 0) {
        throw new SettingsException(
            List.of(
                String.format(
                    Locale.ROOT,
                    "%s holds %d readable images: too few to train on and hold out %s of",
                    settings.dataset().uri(),
                    read.images().size(),
                    settings.validationFraction())));
      }
      LabelledImages train = split.train();
      if (settings.spec().method() == HardenMethod.STATIC) {
        DecodedImages.Result examples =
            ExportedExamples.read(
                spark,
                OutputTables.reader(spark, settings.staticExamples()),
                settings.staticRunId(),
                settings.model().spec(),
                settings.hadoop());
        train = train.plus(labelled(examples.images()));
        progress.printf(
            Locale.ROOT, "static: %,d adversarial examples added%n", examples.images().size());
      }
      for (DecodedImages.Decoded f : read.failed().subList(0, Math.min(5, read.failed().size()))) {
        progress.println("skipped " + Secrets.stripUserInfo(f.id()) + ": " + f.problem());
      }
      FgsmValidation.Accuracy before = validate(original, split.validation(), settings, device);
      progress.printf(
          Locale.ROOT,
          "hardening with %s at epsilon %s on %s, %d threads: %,d training images, %,d held out"
              + " (%,d unreadable); before: clean %.4f, fgsm %.4f%n",
          settings.spec().method().configName(),
          settings.spec().epsilon(),
          device,
          settings.threads(),
          train.size(),
          split.validation().size(),
          read.failed().size(),
          before.clean(),
          before.fgsm());
      AdversarialTrainer trainer = new AdversarialTrainer(model, settings.spec());
      List<TrainingTable.Epoch> epochs = new ArrayList<>();
      Path saved = work.resolve(SAVED);
      for (int epoch = 1; epoch <= settings.spec().epochs(); epoch++) {
        stop.check("epoch " + epoch);
        long start = System.nanoTime();
        double loss =
            trainer.epoch(
                train,
                (batch, batchLoss) -> {
                  if (stop.stopping()) {
                    throw new CancellationException("the process was asked to stop");
                  }
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        try (OutputStream out = Files.newOutputStream(saved)) {
          model.save(out);
        }
        FgsmValidation.Accuracy after = validate(saved, split.validation(), settings, device);
        epochs.add(new TrainingTable.Epoch(epoch, loss, after.clean(), after.fgsm(), seconds));
        progress.printf(
            Locale.ROOT,
            "epoch %d/%d: loss %.4f, validation clean %.4f, fgsm@%s %.4f, %.1f s%n",
            epoch,
            settings.spec().epochs(),
            loss,
            after.clean(),
            settings.spec().epsilon(),
            after.fgsm(),
            seconds);
      }
      return new Result(
          epochs,
          before,
          train.size(),
          split.validation().size(),
          read.failed().size(),
          Secrets.stripUserInfo(settings.outputModel()),
          Secrets.stripUserInfo(table));
    }
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: a temporary folder of this JVM.
    }
  }

  private static FgsmValidation.Accuracy validate(
      Path model, LabelledImages validation, HardenSettings settings, Device device)
      throws ModelLoadException {
    return FgsmValidation.of(
        model,
        settings.model().spec(),
        validation,
        settings.spec().epsilon(),
        settings.spec().batchSize(),
        device);
  }

  /** Training and held-out images, by id and seed: the same split every run. */
  record Split(LabelledImages train, LabelledImages validation) {}

  static Split split(List<DecodedImages.Decoded> images, HardenSettings settings) {
    SampleRule heldOut =
        new SampleRule(settings.validationFraction(), SampleRule.UNLIMITED, settings.spec().seed());
    List<DecodedImages.Decoded> train = new ArrayList<>();
    List<DecodedImages.Decoded> validation = new ArrayList<>();
    for (DecodedImages.Decoded d : images) {
      (heldOut.inFraction(heldOut.rank(d.id())) ? validation : train).add(d);
    }
    return new Split(labelled(train), labelled(validation));
  }

  private static LabelledImages labelled(List<DecodedImages.Decoded> images) {
    List<PixelImage> pixels = new ArrayList<>(images.size());
    int[] labels = new int[images.size()];
    for (int i = 0; i < images.size(); i++) {
      pixels.add(images.get(i).pixels());
      labels[i] = images.get(i).label();
    }
    return new LabelledImages(pixels, labels);
  }

  /** A GPU when the scheduler assigned the driver one, else the CPU. */
  private static Device driverDevice(SparkSession spark) {
    Map<String, String[]> resources = new HashMap<>();
    scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().resources())
        .forEach((name, info) -> resources.put(name, info.addresses()));
    return DeviceSelector.select(resources, PyTorchRuntime::gpuCount);
  }
}
