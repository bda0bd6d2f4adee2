package io.robustness.core.scoring;

import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.image.FailureReason;
import io.robustness.core.image.PixelImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What became of one {@link ImageInput}: scored by every attack, or failed at a stage. */
public sealed interface ScoredImage<T> {

  T item();

  /**
   * @param pixels the image as the model saw it before the attacks
   * @param attacks one result per attack of the scorer, in its order
   */
  record Scored<T>(T item, PixelImage pixels, List<Attacked> attacks) implements ScoredImage<T> {

    public Scored {
      attacks = List.copyOf(attacks);
    }

    /** The result of the scorer's only (or first) attack. */
    public ImageOutcome outcome() {
      return attacks.get(0).outcome();
    }
  }

  /**
   * One attack's result on one image.
   *
   * @param adversarial the attacked pixels at each epsilon the scorer was asked to keep
   */
  record Attacked(AttackSpec attack, ImageOutcome outcome, Map<Double, PixelImage> adversarial) {}

  /**
   * @param reason why, in the one vocabulary of errors
   */
  record Failed<T>(T item, Stage stage, FailureReason reason, String message)
      implements ScoredImage<T> {}

  /** Where an image failed. */
  enum Stage {
    READ,
    DECODE,
    /** The image's label is not a class (known only once its data was read, as in shards). */
    LABEL;

    /** The stage as the errors table spells it. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
