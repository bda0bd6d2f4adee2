package io.robustness.core.attack;

import java.io.Serializable;
import java.util.List;

/**
 * What to attack with: the kind, the epsilon grid (pixel units of [0,1], ascending, no duplicates),
 * the mode and direction, the iterative attacks' steps, FGSM's flip search; and how to run the
 * forwards: stacked or not, with at most {@code maxStackedImages} images in one stacked forward, so
 * memory stays bounded whatever the grid. Immutable and serializable, so executors receive it
 * instead of settings.
 */
public record AttackSpec(
    AttackKind kind,
    List<Double> epsilons,
    AttackMode mode,
    Direction direction,
    Iterations iterations,
    FlipSearch flipSearch,
    Stacking stacking,
    int maxStackedImages)
    implements Serializable {

  /** Ascending, default iterations, no flip search, stacked forwards on GPUs only. */
  public AttackSpec(AttackKind kind, List<Double> epsilons, AttackMode mode) {
    this(
        kind,
        epsilons,
        mode,
        Direction.ASCEND,
        Iterations.DEFAULT,
        FlipSearch.OFF,
        Stacking.AUTO,
        2048);
  }

  public AttackSpec {
    if (maxStackedImages < 1) {
      throw new IllegalArgumentException("maxStackedImages must be positive");
    }
    epsilons = new EpsilonGrid(epsilons).values();
  }

  public Attack create() {
    return kind.create(this);
  }

  /** The same spec for another kind of attack. */
  public AttackSpec withKind(AttackKind other) {
    return new AttackSpec(
        other, epsilons, mode, direction, iterations, flipSearch, stacking, maxStackedImages);
  }

  public AttackSpec withDirection(Direction other) {
    return new AttackSpec(
        kind, epsilons, mode, other, iterations, flipSearch, stacking, maxStackedImages);
  }

  public AttackSpec withIterations(Iterations other) {
    return new AttackSpec(
        kind, epsilons, mode, direction, other, flipSearch, stacking, maxStackedImages);
  }

  public AttackSpec withFlipSearch(FlipSearch other) {
    return new AttackSpec(
        kind, epsilons, mode, direction, iterations, other, stacking, maxStackedImages);
  }

  public AttackSpec withStacking(Stacking other, int maxImages) {
    return new AttackSpec(
        kind, epsilons, mode, direction, iterations, flipSearch, other, maxImages);
  }

  /** The attack's name in tables: its kind, like {@code fgsm}. */
  public String name() {
    return kind.configName();
  }

  /**
   * How {@code runs.attack} describes it: the kind, suffixed {@code -targeted} and {@code -descend}
   * when so.
   */
  public String description() {
    return kind.configName()
        + (mode == AttackMode.TARGETED ? "-targeted" : "")
        + (direction == Direction.DESCEND ? "-descend" : "");
  }

  /** The grid, checked when this spec was made. */
  public EpsilonGrid grid() {
    return new EpsilonGrid(epsilons);
  }

  /** Position of {@code epsilon} in the grid, or -1. */
  public int indexOf(double epsilon) {
    return epsilons.indexOf(epsilon);
  }
}
