package io.robustness.jobs.config;

import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

/**
 * {@code robustness.attack}: the epsilon grid (sorted), the direction and the batch size.
 *
 * @param targetClass the configured target class index, or -1
 */
public record AttackSettings(
    List<Double> epsilons, boolean targeted, int targetClass, int batchSize) {

  /**
   * @param spec the model's spec, to resolve a target class name; null when it is invalid
   * @param layout the dataset's layout (a manifest may name targets per image); null when invalid
   */
  static AttackSettings read(SettingsReader r, ModelSpec spec, DatasetLayout layout) {
    List<Double> epsilons = epsilons(r);
    Boolean targeted = r.bool(Keys.ATTACK_TARGETED);
    boolean isTargeted = targeted != null && targeted;
    return new AttackSettings(
        epsilons,
        isTargeted,
        targetClass(r, spec, isTargeted && layout != DatasetLayout.MANIFEST),
        r.atLeast(
            Keys.ATTACK_BATCH_SIZE,
            1,
            "use a positive number of images per gradient pass, like 64"));
  }

  /** What the executors attack with, run as {@code runtime} says. */
  AttackSpec spec(RuntimeSettings runtime) {
    return new AttackSpec(
        AttackKind.FGSM,
        epsilons,
        targeted ? AttackMode.TARGETED : AttackMode.UNTARGETED,
        runtime.stacking(),
        runtime.maxStackedImages());
  }

  private static List<Double> epsilons(SettingsReader r) {
    List<Double> values =
        r.nonEmptyDoubles(
            Keys.ATTACK_EPSILONS, "list step sizes in pixel units of [0,1], like [0, 0.01, 0.1]");
    for (Double eps : values) {
      if (!(eps >= 0 && eps <= 1)) {
        r.add(
            Keys.ATTACK_EPSILONS
                + " contains "
                + eps
                + ", outside [0,1]: epsilons are in pixel units of [0,1] (8/255 = 0.031)");
      }
    }
    if (new HashSet<>(values).size() != values.size()) {
      r.add(Keys.ATTACK_EPSILONS + " has duplicates " + values + ": list each step size once");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return List.copyOf(sorted);
  }

  private static int targetClass(SettingsReader r, ModelSpec spec, boolean required) {
    String value = r.string(Keys.ATTACK_TARGET_CLASS);
    if (value == null || value.isBlank()) {
      if (required) {
        r.add(
            Keys.ATTACK_TARGETED
                + " is true but "
                + Keys.ATTACK_TARGET_CLASS
                + " is not set: name the target class (or its index), or use a manifest with a"
                + " target column");
      }
      return -1;
    }
    if (spec == null) {
      return -1;
    }
    int index = spec.classIndex(value);
    if (index < 0) {
      r.add(
          Keys.ATTACK_TARGET_CLASS
              + " = \""
              + value
              + "\" is neither a class name of "
              + Keys.MODEL_CLASSES
              + " nor an index below "
              + spec.numClasses());
    }
    return index;
  }
}
