package io.robustness.core.harden;

/**
 * What a hardening run does.
 *
 * @param epsilon the attack's step in pixel units of [0,1]
 * @param alpha weight of the clean loss in {@link HardenMethod#FGSM_MIXED}
 * @param seed shuffling, random starts and dropout draw from it: a seeded run reproduces on CPU
 */
public record HardenSpec(
    HardenMethod method,
    double epsilon,
    double alpha,
    int epochs,
    int batchSize,
    OptimizerKind optimizer,
    double learningRate,
    long seed) {

  public HardenSpec {
    if (!(epsilon >= 0 && epsilon <= 1)) {
      throw new IllegalArgumentException("epsilon must be in [0, 1], not " + epsilon);
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], not " + alpha);
    }
    if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException("epochs, batch size and learning rate must be positive");
    }
  }
}
