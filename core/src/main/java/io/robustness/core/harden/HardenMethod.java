package io.robustness.core.harden;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How adversarial examples enter the training loss. */
public enum HardenMethod {
  /** alpha x loss(clean) + (1 - alpha) x loss(FGSM at epsilon, crafted on the current weights). */
  FGSM_MIXED("fgsm-mixed"),
  /** A uniform random start in the epsilon ball, one FGSM step of 1.25 x epsilon, loss on that. */
  FGSM_RANDOM_INIT("fgsm-random-init"),
  /** Clean images plus adversarial examples crafted once on the original model, all as data. */
  STATIC("static");

  private final String configName;

  HardenMethod(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<HardenMethod> parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.configName.equals(wanted)).findFirst();
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(m -> m.configName).toList());
  }
}
