package io.robustness.jobs.config;

import io.robustness.core.checks.CheckThresholds;

/** {@code robustness.checks}: where each attack-failure check fails. */
final class CheckSettings {

  private CheckSettings() {}

  static CheckThresholds read(SettingsReader r) {
    return new CheckThresholds(
        share(r, Keys.CHECKS_ZERO_GRADIENT_SHARE),
        share(r, Keys.CHECKS_SATURATED_PROBABILITY),
        share(r, Keys.CHECKS_SATURATED_SHARE),
        share(r, Keys.CHECKS_ITERATIVE_MARGIN),
        share(r, Keys.CHECKS_UNBOUNDED_EPSILON),
        share(r, Keys.CHECKS_UNBOUNDED_ACCURACY),
        share(r, Keys.CHECKS_LOSS_NOT_INCREASED_SHARE),
        share(r, Keys.CHECKS_DESCEND_DROP));
  }

  /** Every threshold is a share, a probability, an accuracy or an epsilon: within [0, 1]. */
  private static double share(SettingsReader r, String key) {
    Double value = r.number(key);
    if (value == null) {
      return 0;
    }
    if (!(value >= 0 && value <= 1)) {
      r.add(key + " = " + value + " must be in [0, 1]");
      return 0;
    }
    return value;
  }
}
