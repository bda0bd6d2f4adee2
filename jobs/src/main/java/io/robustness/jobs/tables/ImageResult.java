package io.robustness.jobs.tables;

import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.image.FailureReason;
import java.io.Serializable;
import java.util.Map;

/**
 * What the scoring stage found about one listed image, typed as the core made it: one attack's
 * outcome on a scored image, the worst case over the run's attacks, or the stage and reason an
 * image failed at. The run persists these; the tallies read them as they are and {@link ImageRows}
 * turns each per-image one into one row of the tables.
 */
public sealed interface ImageResult extends Serializable {

  String imagePath();

  String executorId();

  /**
   * Whether the per-image tables (samples, flips, errors, adversarial examples) get a row from it;
   * the worst case goes only into the tables that aggregate.
   */
  default boolean perImage() {
    return true;
  }

  /**
   * One attack's result on one image.
   *
   * @param attack the attack's name, like {@code fgsm}
   * @param adversarialPngs exported adversarial images by epsilon, PNG-encoded
   */
  record Attacked(
      String imagePath,
      String attack,
      ImageOutcome outcome,
      Map<Double, byte[]> adversarialPngs,
      String executorId)
      implements ImageResult {

    public Attacked {
      adversarialPngs = Map.copyOf(adversarialPngs);
    }
  }

  /**
   * The worst case over every attack of a run with more than one ({@link
   * io.robustness.core.attack.WorstCase}): tallied under the attack name {@code worst}.
   */
  record WorstCase(String imagePath, ImageOutcome outcome, String executorId)
      implements ImageResult {

    @Override
    public boolean perImage() {
      return false;
    }
  }

  /**
   * An image that could not be scored.
   *
   * @param target the target class when known, -1 otherwise
   * @param stage where it failed: read, decode, label
   * @param message what happened, naming the file
   */
  record Failed(
      String imagePath,
      int label,
      int target,
      String stage,
      FailureReason reason,
      String message,
      String executorId)
      implements ImageResult {}
}
