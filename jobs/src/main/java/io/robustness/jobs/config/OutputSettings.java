package io.robustness.jobs.config;

import java.util.List;

/**
 * {@code robustness.output}: the root of the result tables, and which epsilons' adversarial images
 * the audit exports.
 *
 * @param adversarialEpsilons epsilons of the grid whose adversarial images go to the
 *     adversarial_examples table; empty: none
 */
public record OutputSettings(String uri, List<Double> adversarialEpsilons) {

  public OutputSettings {
    adversarialEpsilons = List.copyOf(adversarialEpsilons);
  }

  /**
   * @param grid the attack's epsilons, or null when they are invalid (then only the values are
   *     checked)
   */
  static OutputSettings read(SettingsReader r, List<Double> grid) {
    String uri = r.location(Keys.OUTPUT_URI, "the folder or bucket prefix for the result tables");
    List<Double> export = r.doubles(Keys.OUTPUT_ADVERSARIAL_EPSILONS);
    if (export == null) {
      return new OutputSettings(uri, List.of());
    }
    for (double eps : export) {
      if (grid != null && !grid.contains(eps)) {
        r.add(
            Keys.OUTPUT_ADVERSARIAL_EPSILONS
                + " contains "
                + eps
                + ", which is not on "
                + Keys.ATTACK_EPSILONS
                + " "
                + grid
                + ": export epsilons the attack runs");
      }
    }
    return new OutputSettings(uri, export.stream().distinct().sorted().toList());
  }
}
