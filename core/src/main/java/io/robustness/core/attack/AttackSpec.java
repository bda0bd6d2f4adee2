package io.robustness.core.attack;

import java.io.Serializable;
import java.util.List;

/**
 * What to attack with: the kind, the epsilon grid (pixel units of [0,1], ascending, no duplicates)
 * and the direction; and how to run the forwards: stacked or not, with at most {@code
 * maxStackedImages} images in one stacked forward, so memory stays bounded whatever the grid.
 * Immutable and serializable, so executors receive it instead of settings.
 */
public record AttackSpec(
    AttackKind kind,
    List<Double> epsilons,
    AttackMode mode,
    Stacking stacking,
    int maxStackedImages)
    implements Serializable {

  /** Stacked forwards on GPUs only, at most 2,048 images at once. */
  public AttackSpec(AttackKind kind, List<Double> epsilons, AttackMode mode) {
    this(kind, epsilons, mode, Stacking.AUTO, 2048);
  }

  public AttackSpec {
    if (maxStackedImages < 1) {
      throw new IllegalArgumentException("maxStackedImages must be positive");
    }
    epsilons = List.copyOf(epsilons);
    if (epsilons.isEmpty()) {
      throw new IllegalArgumentException("at least one epsilon is needed");
    }
    double previous = Double.NEGATIVE_INFINITY;
    for (double eps : epsilons) {
      if (!(eps >= 0 && eps <= 1)) {
        throw new IllegalArgumentException("epsilon must be in [0,1] (pixel units), got " + eps);
      }
      if (!(eps > previous)) {
        throw new IllegalArgumentException("epsilons must ascend without repeats: " + epsilons);
      }
      previous = eps;
    }
  }

  public Attack create() {
    return kind.create(this);
  }

  /** The attack's name in {@code runs.attack}: the kind, suffixed {@code -targeted} if so. */
  public String name() {
    return kind.configName() + (mode == AttackMode.TARGETED ? "-targeted" : "");
  }

  /** Position of {@code epsilon} in the grid, or -1. */
  public int indexOf(double epsilon) {
    return epsilons.indexOf(epsilon);
  }
}
