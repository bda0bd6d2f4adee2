package io.robustness.core.attack;

import io.robustness.core.image.PixelImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An attack's answer for a batch: one outcome per image in batch order and, for the epsilons that
 * were asked to be kept, the adversarial pixels of the whole batch.
 */
public record AttackResult(
    ImageBatch batch, List<ImageOutcome> outcomes, Map<Double, float[]> kept) {

  public AttackResult {
    outcomes = List.copyOf(outcomes);
    kept = Map.copyOf(kept);
  }

  /** The adversarial pixels of image {@code index} at a kept {@code epsilon}. */
  public PixelImage adversarial(int index, double epsilon) {
    float[] all = kept.get(epsilon);
    if (all == null) {
      throw new IllegalArgumentException(
          "adversarial pixels at epsilon " + epsilon + " were not kept; kept: " + kept.keySet());
    }
    int per = batch.channels() * batch.height() * batch.width();
    return new PixelImage(
        batch.channels(),
        batch.height(),
        batch.width(),
        Arrays.copyOfRange(all, index * per, (index + 1) * per));
  }
}
