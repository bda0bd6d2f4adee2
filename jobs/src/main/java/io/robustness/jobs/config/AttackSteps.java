package io.robustness.jobs.config;

import io.robustness.core.attack.FlipSearch;
import io.robustness.core.attack.Iterations;

/** The iterative attacks' steps and FGSM's flip search, from {@code robustness.attack}. */
final class AttackSteps {

  private AttackSteps() {}

  static Iterations read(SettingsReader r) {
    int steps = r.atLeast(Keys.ATTACK_STEPS, 1, "use a number of steps like 10");
    Double size = r.number(Keys.ATTACK_STEP_SIZE);
    double stepSize = Iterations.madryStepSize(steps);
    if (size != null && size < 0) {
      r.add(
          Keys.ATTACK_STEP_SIZE
              + " = "
              + size
              + " is negative: give a fraction of epsilon per step, or 0 for 2.5 / steps");
    } else if (size != null && size > 0) {
      stepSize = size;
    }
    Boolean randomStart = r.bool(Keys.ATTACK_RANDOM_START);
    Long seed = r.longValue(Keys.ATTACK_SEED);
    return new Iterations(
        steps,
        stepSize,
        randomStart == null || randomStart,
        r.atLeast(Keys.ATTACK_RESTARTS, 1, "use 1 for a single random start"),
        seed == null ? 0 : seed);
  }

  static FlipSearch flipSearch(SettingsReader r) {
    Boolean enabled = r.bool(Keys.ATTACK_FLIP_SEARCH);
    Double tolerance = r.number(Keys.ATTACK_FLIP_TOLERANCE);
    if (tolerance != null && !(tolerance > 0 && tolerance < 1)) {
      r.add(
          Keys.ATTACK_FLIP_TOLERANCE
              + " = "
              + tolerance
              + " must be between 0 and 1 (pixel units), like 0.001");
      tolerance = null;
    }
    return new FlipSearch(
        enabled != null && enabled, tolerance == null ? FlipSearch.OFF.tolerance() : tolerance);
  }
}
