package io.robustness.core.attack;

/** Which way FGSM steps. */
public enum AttackMode {
  /** Up the loss of the true label: {@code x + eps * sign(grad loss(x, label))}. */
  UNTARGETED,
  /** Down the loss of a target class: {@code x - eps * sign(grad loss(x, target))}. */
  TARGETED
}
