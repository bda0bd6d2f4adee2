package io.robustness.core.attack;

/**
 * Which way an attack steps. {@link #ASCEND} is the attack proper: up the loss of the true label
 * (untargeted), down the loss of the target (targeted). {@link #DESCEND} steps the other way, the
 * minus-gradient check: the model should grow more sure of the true class.
 */
public enum Direction {
  ASCEND(1f),
  DESCEND(-1f);

  private final float sign;

  Direction(float sign) {
    this.sign = sign;
  }

  /** +1 or -1, times the attack mode's own sign. */
  float sign() {
    return sign;
  }
}
