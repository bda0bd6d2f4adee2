package io.robustness.core.metrics;

import io.robustness.core.attack.EpsilonGrid;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Tallies of attack outcomes for one epsilon grid: overall, per true class and per clean-confidence
 * bucket. Accumulate each partition's outcomes into its own instance, then {@link #merge} them in
 * any order: the result is the same (see {@link EpsilonTally}).
 *
 * <pre>{@code
 * CurveAccumulator acc = new CurveAccumulator(new EpsilonGrid(epsilons));
 * outcomes.forEach(acc::add);
 * List<CurvePoint> curve = acc.overall();
 * }</pre>
 */
public final class CurveAccumulator implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double[] epsilons;
  private final EpsilonTally[] overall;
  private final TreeMap<Integer, EpsilonTally[]> byClass = new TreeMap<>();
  private final TreeMap<Integer, EpsilonTally[]> byBucket = new TreeMap<>();

  public CurveAccumulator(EpsilonGrid grid) {
    this.epsilons = grid.values().stream().mapToDouble(Double::doubleValue).toArray();
    this.overall = newRow();
  }

  /**
   * Records one image's outcome. Its scores are matched to the grid by their epsilon, whatever
   * their order; each grid epsilon must occur exactly once.
   */
  public void add(ImageOutcome outcome) {
    EpsilonScore[] byGrid = alignToGrid(outcome.perturbed());
    EpsilonTally[] classRow = byClass.computeIfAbsent(outcome.label(), k -> newRow());
    int bucket = ConfidenceBuckets.bucketOf(outcome.clean().confidence());
    EpsilonTally[] bucketRow = byBucket.computeIfAbsent(bucket, k -> newRow());
    for (int e = 0; e < epsilons.length; e++) {
      EpsilonScore s = byGrid[e];
      boolean correct = s.score().correct(outcome.label());
      boolean succeeded = outcome.succeeded(s);
      for (EpsilonTally[] row : List.of(overall, classRow, bucketRow)) {
        row[e].add(
            correct,
            s.score().top5Hit(),
            s.score().confidence(),
            s.score().trueClassProbability(),
            outcome.initiallyCorrect(),
            succeeded);
      }
    }
  }

  private EpsilonScore[] alignToGrid(List<EpsilonScore> scores) {
    EpsilonScore[] out = new EpsilonScore[epsilons.length];
    for (EpsilonScore s : scores) {
      int e = Arrays.binarySearch(epsilons, s.epsilon());
      if (e < 0 || out[e] != null) {
        throw new IllegalArgumentException(
            "outcome has a score at epsilon "
                + s.epsilon()
                + (e < 0 ? ", not on" : " twice for")
                + " the accumulator's grid "
                + Arrays.toString(epsilons));
      }
      out[e] = s;
    }
    if (scores.size() != epsilons.length) {
      throw new IllegalArgumentException(
          "outcome has " + scores.size() + " epsilons, the grid " + Arrays.toString(epsilons));
    }
    return out;
  }

  /** Adds everything {@code other} has seen into this accumulator and returns this. */
  public CurveAccumulator merge(CurveAccumulator other) {
    if (!Arrays.equals(epsilons, other.epsilons)) {
      throw new IllegalArgumentException("cannot merge accumulators of different epsilon grids");
    }
    mergeRow(overall, other.overall);
    mergeGroups(byClass, other.byClass);
    mergeGroups(byBucket, other.byBucket);
    return this;
  }

  /** The curve over all images, one point per epsilon. */
  public List<CurvePoint> overall() {
    return curve(overall);
  }

  /** One curve per true class index that occurred. */
  public SortedMap<Integer, List<CurvePoint>> byClass() {
    return curves(byClass);
  }

  /**
   * One curve per clean-confidence bucket that occurred, keyed by {@link
   * ConfidenceBuckets#bucketOf}.
   */
  public SortedMap<Integer, List<CurvePoint>> byConfidenceBucket() {
    return curves(byBucket);
  }

  private SortedMap<Integer, List<CurvePoint>> curves(TreeMap<Integer, EpsilonTally[]> groups) {
    SortedMap<Integer, List<CurvePoint>> out = new TreeMap<>();
    for (Map.Entry<Integer, EpsilonTally[]> group : groups.entrySet()) {
      out.put(group.getKey(), curve(group.getValue()));
    }
    return out;
  }

  private List<CurvePoint> curve(EpsilonTally[] row) {
    List<CurvePoint> out = new ArrayList<>(epsilons.length);
    for (int e = 0; e < epsilons.length; e++) {
      if (row[e].images() > 0) {
        out.add(CurvePoint.of(epsilons[e], row[e]));
      }
    }
    return out;
  }

  private EpsilonTally[] newRow() {
    EpsilonTally[] row = new EpsilonTally[epsilons.length];
    for (int e = 0; e < row.length; e++) {
      row[e] = new EpsilonTally();
    }
    return row;
  }

  private static void mergeRow(EpsilonTally[] into, EpsilonTally[] from) {
    for (int e = 0; e < into.length; e++) {
      into[e].merge(from[e]);
    }
  }

  private void mergeGroups(
      TreeMap<Integer, EpsilonTally[]> into, TreeMap<Integer, EpsilonTally[]> from) {
    for (Map.Entry<Integer, EpsilonTally[]> group : from.entrySet()) {
      mergeRow(into.computeIfAbsent(group.getKey(), k -> newRow()), group.getValue());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CurveAccumulator a
        && Arrays.equals(epsilons, a.epsilons)
        && Arrays.equals(overall, a.overall)
        && sameGroups(byClass, a.byClass)
        && sameGroups(byBucket, a.byBucket);
  }

  private static boolean sameGroups(
      TreeMap<Integer, EpsilonTally[]> x, TreeMap<Integer, EpsilonTally[]> y) {
    if (!x.keySet().equals(y.keySet())) {
      return false;
    }
    return x.keySet().stream().allMatch(k -> Arrays.equals(x.get(k), y.get(k)));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(overall);
  }
}
