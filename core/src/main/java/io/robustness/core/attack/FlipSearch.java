package io.robustness.core.attack;

import java.io.Serializable;

/**
 * Whether FGSM also looks for each image's exact flip epsilon: a bisection along the FGSM direction
 * between the last grid epsilon that keeps the label and the first that loses it, down to {@code
 * tolerance}. The loss along that direction need not be monotonic, so the result is the boundary
 * the bisection found, not the smallest epsilon that flips the image.
 */
public record FlipSearch(boolean enabled, double tolerance) implements Serializable {

  public static final FlipSearch OFF = new FlipSearch(false, 0.001);

  public FlipSearch {
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("flip tolerance must be positive, got " + tolerance);
    }
  }
}
