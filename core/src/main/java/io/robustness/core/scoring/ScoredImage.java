package io.robustness.core.scoring;

import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.image.PixelImage;
import java.util.Locale;
import java.util.Map;

/** What became of one {@link ImageInput}: scored, or failed at a stage. */
public sealed interface ScoredImage<T> {

  T item();

  /**
   * @param pixels the image as the model saw it before the attack
   * @param adversarial the attacked pixels at each epsilon the scorer was asked to keep
   */
  record Scored<T>(
      T item, ImageOutcome outcome, PixelImage pixels, Map<Double, PixelImage> adversarial)
      implements ScoredImage<T> {}

  /**
   * @param reason a stable word to group failures by (the decoder's reason, or the read exception's
   *     class)
   */
  record Failed<T>(T item, Stage stage, String reason, String message) implements ScoredImage<T> {}

  /** Where an image failed. */
  enum Stage {
    READ,
    DECODE;

    /** The stage as the errors table spells it. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
