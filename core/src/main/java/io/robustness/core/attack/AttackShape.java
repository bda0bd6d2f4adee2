package io.robustness.core.attack;

/**
 * What a kind of attack makes of the attack settings every kind shares, and what it costs: declared
 * once by the kind (next to its code), asked by the settings reader and the benchmark.
 */
public interface AttackShape {

  /**
   * The spec as this kind runs it: the requested spec with the settings the kind does not use set
   * to their neutral values (so runs and tables do not claim options that had no effect).
   */
  AttackSpec shape(AttackSpec requested);

  /**
   * Why this kind cannot run {@code spec} on a model of {@code classes} classes (completing "the
   * attack ..."), or null when it can: the settings reader reports it before any work.
   */
  default String refuses(AttackSpec spec, int classes) {
    return null;
  }

  /**
   * The model passes one batch costs under {@code spec}, for every epsilon of its grid: exactly, or
   * for APGD the most (it skips its remaining restarts once every image is fooled).
   */
  Cost cost(AttackSpec spec);

  /**
   * @param forwardBackward gradient passes (a forward and a backward each)
   * @param forward forwards without a gradient (none at epsilon 0, whose scores are the gradient
   *     pass's)
   */
  record Cost(int forwardBackward, int forward) {}

  /** Epsilons of the grid above 0: the ones an iterative attack steps at. */
  static int nonZeroEpsilons(AttackSpec spec) {
    return (int) spec.epsilons().stream().filter(e -> e > 0).count();
  }
}
