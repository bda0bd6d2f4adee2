package io.robustness.jobs.config;

import io.robustness.core.attack.Stacking;
import java.util.Locale;

/**
 * {@code robustness.runtime}: how the engine runs on executors.
 *
 * @param intraOpThreads PyTorch intra-op threads per executor JVM; 0 means {@code spark.task.cpus}
 * @param stacking whether the epsilon copies of a batch go through the model in one forward
 * @param maxStackedImages most images in one stacked forward
 */
public record RuntimeSettings(int intraOpThreads, Stacking stacking, int maxStackedImages) {

  static RuntimeSettings read(SettingsReader r) {
    return new RuntimeSettings(
        r.atLeast(Keys.RUNTIME_INTRA_OP_THREADS, 0, "use 0 for spark.task.cpus"),
        stacking(r),
        r.atLeast(Keys.RUNTIME_MAX_STACKED_IMAGES, 1, "use a positive number of images like 2048"));
  }

  /** The defaults, for readings whose runtime section is invalid (its problem is listed). */
  static RuntimeSettings defaults() {
    return new RuntimeSettings(0, Stacking.AUTO, 2048);
  }

  private static Stacking stacking(SettingsReader r) {
    String value = r.string(Keys.RUNTIME_STACKING);
    if (value == null) {
      return Stacking.AUTO;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> Stacking.AUTO;
      case "stacked" -> Stacking.STACKED;
      case "per-epsilon" -> Stacking.PER_EPSILON;
      default -> {
        r.add(
            Keys.RUNTIME_STACKING
                + " = \""
                + value
                + "\" is not one of auto, stacked, per-epsilon");
        yield Stacking.AUTO;
      }
    };
  }
}
