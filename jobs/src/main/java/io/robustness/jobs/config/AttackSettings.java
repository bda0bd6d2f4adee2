package io.robustness.jobs.config;

import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.Direction;
import io.robustness.core.attack.EpsilonGrid;
import io.robustness.core.attack.FlipSearch;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.attack.Iterations;
import io.robustness.core.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code robustness.attack}: which attacks, the epsilon grid (sorted), target and direction, the
 * batch size, the iterative attacks' steps and FGSM's flip search.
 *
 * @param targetClass the configured target class index, {@code ImageBatch.LEAST_LIKELY}, or -1
 */
public record AttackSettings(
    List<AttackKind> kinds,
    List<Double> epsilons,
    boolean targeted,
    int targetClass,
    int batchSize,
    Direction direction,
    Iterations iterations,
    FlipSearch flipSearch) {

  static final String LEAST_LIKELY = "least-likely";

  /**
   * @param spec the model's spec, to resolve a target class name; null when it is invalid
   * @param layout the dataset's layout (a manifest may name targets per image); null when invalid
   */
  static AttackSettings read(SettingsReader r, ModelSpec spec, DatasetLayout layout) {
    List<AttackKind> kinds = kinds(r);
    List<Double> epsilons = epsilons(r);
    Boolean targeted = r.bool(Keys.ATTACK_TARGETED);
    boolean isTargeted = targeted != null && targeted;
    AttackSettings settings =
        new AttackSettings(
            kinds,
            epsilons,
            isTargeted,
            targetClass(r, spec, isTargeted && layout != DatasetLayout.MANIFEST),
            r.atLeast(
                Keys.ATTACK_BATCH_SIZE,
                1,
                "use a positive number of images per gradient pass, like 64"),
            direction(r),
            AttackSteps.read(r),
            AttackSteps.flipSearch(r));
    if (spec != null) {
      for (AttackKind kind : kinds) {
        // What a kind refuses depends on the mode and direction, not on the grid (checked above).
        AttackSpec asked =
            new AttackSpec(
                    kind, List.of(0.0), isTargeted ? AttackMode.TARGETED : AttackMode.UNTARGETED)
                .withDirection(settings.direction());
        String refused = kind.refuses(asked, spec.numClasses());
        if (refused != null) {
          r.add(Keys.ATTACK_KINDS + " contains " + kind.configName() + ", which " + refused);
        }
      }
    }
    return settings;
  }

  /** What the executors attack with, one spec per kind, run as {@code runtime} says. */
  List<AttackSpec> specs(RuntimeSettings runtime) {
    List<AttackSpec> out = new ArrayList<>();
    for (AttackKind kind : kinds) {
      out.add(
          kind.shape(
              new AttackSpec(kind, epsilons, targeted ? AttackMode.TARGETED : AttackMode.UNTARGETED)
                  .withDirection(direction)
                  .withIterations(iterations)
                  .withFlipSearch(flipSearch)
                  .withStacking(runtime.stacking(), runtime.maxStackedImages())));
    }
    return out;
  }

  private static List<AttackKind> kinds(SettingsReader r) {
    List<String> names =
        r.nonEmptyStrings(Keys.ATTACK_KINDS, "list the attacks to run, like [fgsm, pgd]");
    List<AttackKind> out = new ArrayList<>();
    for (String name : names) {
      AttackKind.parse(name)
          .ifPresentOrElse(
              kind -> {
                if (out.contains(kind)) {
                  r.add(Keys.ATTACK_KINDS + " lists " + name + " twice: list each attack once");
                } else {
                  out.add(kind);
                }
              },
              () ->
                  r.add(
                      Keys.ATTACK_KINDS
                          + " contains \""
                          + name
                          + "\", which is not an attack: use "
                          + AttackKind.names()));
    }
    return out.isEmpty() ? List.of(AttackKind.FGSM) : List.copyOf(out);
  }

  private static List<Double> epsilons(SettingsReader r) {
    List<Double> values = r.doubles(Keys.ATTACK_EPSILONS);
    if (values == null) {
      return List.of();
    }
    List<String> problems = EpsilonGrid.problems(values);
    problems.forEach(p -> r.add(Keys.ATTACK_EPSILONS + " " + p));
    return problems.isEmpty() ? EpsilonGrid.sorted(values).values() : List.copyOf(values);
  }

  private static Direction direction(SettingsReader r) {
    String value = r.string(Keys.ATTACK_DIRECTION);
    if (value == null) {
      return Direction.ASCEND;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "ascend" -> Direction.ASCEND;
      case "descend" -> Direction.DESCEND;
      default -> {
        r.add(Keys.ATTACK_DIRECTION + " = \"" + value + "\" is not one of ascend, descend");
        yield Direction.ASCEND;
      }
    };
  }

  private static int targetClass(SettingsReader r, ModelSpec spec, boolean required) {
    String value = r.string(Keys.ATTACK_TARGET_CLASS);
    if (value == null || value.isBlank()) {
      if (required) {
        r.add(
            Keys.ATTACK_TARGETED
                + " is true but "
                + Keys.ATTACK_TARGET_CLASS
                + " is not set: name the target class (or its index, or least-likely), or use a"
                + " manifest with a target column");
      }
      return -1;
    }
    if (value.trim().equalsIgnoreCase(LEAST_LIKELY)) {
      return ImageBatch.LEAST_LIKELY;
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
              + spec.numClasses()
              + " nor least-likely");
    }
    return index;
  }
}
