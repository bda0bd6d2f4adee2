package io.robustness.jobs.audit;

import ai.djl.Device;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.Fgsm;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelLoadException;
import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.config.Keys;
import io.robustness.jobs.runtime.LocalModelFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;

/**
 * Loads the model on the driver and attacks two random images with it before any Spark stage runs,
 * so a missing file, a file that is not TorchScript, a wrong input shape, an output size that does
 * not match the class list or NaN outputs stop the run at once with one clear message instead of
 * failing every task.
 */
final class ModelDryRun {

  private static final int IMAGES = 2;

  private ModelDryRun() {}

  /** What the dry run established. */
  public record Result(String sha256, String problem, boolean loadedModel) {
    public boolean ok() {
      return problem == null;
    }
  }

  public static Result check(String modelUri, ModelSpec spec, Configuration hadoop) {
    java.nio.file.Path local;
    try {
      local = LocalModelFiles.fetch(modelUri, hadoop);
    } catch (FileNotFoundException e) {
      return failed(
          Keys.MODEL_URI + " = " + modelUri + " does not exist: check the path or bucket");
    } catch (IOException e) {
      return failed(Keys.MODEL_URI + " = " + modelUri + " cannot be read: " + e.getMessage());
    }
    try (ModelLease lease = ModelCache.shared().acquire(local, spec, Device.cpu())) {
      String problem = attackRandomImages(lease, spec, modelUri);
      return new Result(lease.model().sha256(), problem, lease.loadedModel());
    } catch (ModelLoadException e) {
      return failed(Keys.MODEL_URI + " = " + modelUri + ": " + e.getMessage());
    }
  }

  private static String attackRandomImages(ModelLease lease, ModelSpec spec, String modelUri) {
    Random random = new Random(17);
    float[] pixels = new float[IMAGES * spec.pixelsPerImage()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    int[] labels = new int[IMAGES];
    ImageBatch batch =
        new ImageBatch(
            IMAGES, spec.channels(), spec.height(), spec.width(), pixels, labels, labels);
    List<ImageOutcome> outcomes;
    try {
      outcomes = new Fgsm(List.of(0.0, 0.01), AttackMode.UNTARGETED).run(lease.model(), batch);
    } catch (RuntimeException e) {
      return String.format(
          Locale.ROOT,
          "model %s failed on a test batch of shape (%d, %d, %d, %d): %s; check "
              + Keys.MODEL
              + ".input.channels, height and width against what the model expects, and that "
              + Keys.MODEL_CLASSES
              + " lists its outputs",
          modelUri,
          IMAGES,
          spec.channels(),
          spec.height(),
          spec.width(),
          essence(e));
    }
    for (ImageOutcome outcome : outcomes) {
      if (!Float.isFinite(outcome.clean().confidence())) {
        return "model "
            + modelUri
            + " returns NaN or infinite outputs on a test batch of random images: check the "
            + "exported model (and "
            + Keys.MODEL
            + ".input.mean/std)";
      }
    }
    return null;
  }

  /**
   * The informative line of a TorchScript error: libtorch puts the interpreter's traceback first
   * and the actual cause ("RuntimeError: ... expected input[2, 3, 28, 28] to have 1 channels ...")
   * last.
   */
  static String essence(Throwable e) {
    String[] lines = String.valueOf(e.getMessage()).split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].trim();
      if (line.matches("^[A-Za-z.]*(Error|Exception):.*")) {
        return line;
      }
    }
    return lines[0].trim();
  }

  private static Result failed(String problem) {
    return new Result(null, problem, false);
  }
}
