package io.robustness.core.attack;

import java.io.Serializable;

/**
 * How the iterative attacks (BIM, PGD) step: {@code steps} steps of {@code stepSize} times epsilon,
 * each projected onto the L-infinity ball of radius epsilon around the image and onto [0,1]; PGD
 * starts at a uniformly random point of the ball ({@code randomStart}), {@code restarts} times,
 * keeping per image the restart that reached the attack's aim best. The random starts depend only
 * on {@code seed} and each image's key, so a run reproduces itself whatever the batching.
 *
 * @param stepSize a fraction of epsilon; 2.5 / steps is the rule of Madry et al.
 */
public record Iterations(int steps, double stepSize, boolean randomStart, int restarts, long seed)
    implements Serializable {

  /** 10 steps of 0.25 epsilon, a random start, one restart, seed 0. */
  public static final Iterations DEFAULT = new Iterations(10, 0.25, true, 1, 0);

  public Iterations {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
      throw new IllegalArgumentException("step size must be positive, got " + stepSize);
    }
    if (restarts < 1) {
      throw new IllegalArgumentException("restarts must be at least 1, got " + restarts);
    }
  }

  /** The rule of Madry et al. for {@code steps} steps: 2.5 / steps of epsilon each. */
  public static double madryStepSize(int steps) {
    return 2.5 / steps;
  }

  /** These iterations without a random start, for kinds that do not draw one. */
  public Iterations withoutRandomStart() {
    return new Iterations(steps, stepSize, false, restarts, seed);
  }
}
