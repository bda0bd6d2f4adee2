package io.robustness.jobs.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Candidate against baseline under one attack: accuracy and mean-confidence deltas at every epsilon
 * both grids share, and the classes whose accuracy dropped most. The gate fails when any accuracy
 * drop exceeds {@code maxDrop}.
 */
public record RunComparison(
    String attack,
    String baseline,
    String candidate,
    double maxDrop,
    List<EpsilonDelta> epsilons,
    List<ClassDrop> classDrops,
    List<Double> onlyInBaseline,
    List<Double> onlyInCandidate) {

  /**
   * Rounding allowance: accuracies are ratios of counts, so a drop equal to the threshold must not
   * fail the gate, nor an unchanged class count as a drop.
   */
  private static final double TOLERANCE = 1e-12;

  /** A run's figures at one epsilon. */
  public record Figures(double accuracy, double meanConfidence) {}

  public record EpsilonDelta(
      double epsilon,
      double baselineAccuracy,
      double candidateAccuracy,
      double baselineConfidence,
      double candidateConfidence) {

    public double accuracyDelta() {
      return candidateAccuracy - baselineAccuracy;
    }

    public double confidenceDelta() {
      return candidateConfidence - baselineConfidence;
    }
  }

  /**
   * A class's largest accuracy drop over the shared epsilons, and where it happened; classes that
   * did not drop are not listed.
   */
  public record ClassDrop(
      String className, double epsilon, double baselineAccuracy, double candidateAccuracy) {
    public double drop() {
      return baselineAccuracy - candidateAccuracy;
    }
  }

  /**
   * @param baseline epsilon to figures
   * @param baselineClasses class name to (epsilon to accuracy)
   * @param topClasses how many classes to list, largest drop first
   */
  public static RunComparison of(
      String attack,
      String baselineId,
      String candidateId,
      double maxDrop,
      Map<Double, Figures> baseline,
      Map<Double, Figures> candidate,
      Map<String, Map<Double, Double>> baselineClasses,
      Map<String, Map<Double, Double>> candidateClasses,
      int topClasses) {
    TreeSet<Double> shared = new TreeSet<>(baseline.keySet());
    shared.retainAll(candidate.keySet());
    List<EpsilonDelta> deltas = new ArrayList<>();
    for (double eps : shared) {
      Figures b = baseline.get(eps);
      Figures c = candidate.get(eps);
      deltas.add(
          new EpsilonDelta(
              eps, b.accuracy(), c.accuracy(), b.meanConfidence(), c.meanConfidence()));
    }
    return new RunComparison(
        attack,
        baselineId,
        candidateId,
        maxDrop,
        deltas,
        classDrops(shared, baselineClasses, candidateClasses, topClasses),
        missing(baseline, candidate),
        missing(candidate, baseline));
  }

  private static List<ClassDrop> classDrops(
      TreeSet<Double> shared,
      Map<String, Map<Double, Double>> baseline,
      Map<String, Map<Double, Double>> candidate,
      int top) {
    List<ClassDrop> worst = new ArrayList<>();
    for (Map.Entry<String, Map<Double, Double>> cls : baseline.entrySet()) {
      Map<Double, Double> other = candidate.get(cls.getKey());
      if (other == null) {
        continue;
      }
      ClassDrop largest = null;
      for (double eps : shared) {
        Double b = cls.getValue().get(eps);
        Double c = other.get(eps);
        if (b != null && c != null && (largest == null || b - c > largest.drop())) {
          largest = new ClassDrop(cls.getKey(), eps, b, c);
        }
      }
      if (largest != null && largest.drop() > TOLERANCE) {
        worst.add(largest);
      }
    }
    worst.sort(
        Comparator.comparingDouble(ClassDrop::drop).reversed().thenComparing(ClassDrop::className));
    return worst.subList(0, Math.min(top, worst.size()));
  }

  private static List<Double> missing(Map<Double, Figures> from, Map<Double, Figures> in) {
    return from.keySet().stream().filter(e -> !in.containsKey(e)).sorted().toList();
  }

  /** True when some shared epsilon's accuracy dropped by more than {@code maxDrop}. */
  public boolean gateFails() {
    return epsilons.stream().anyMatch(this::exceeds);
  }

  /** True when this epsilon's accuracy dropped by more than {@code maxDrop}. */
  public boolean exceeds(EpsilonDelta delta) {
    return -delta.accuracyDelta() > maxDrop + TOLERANCE;
  }

  /**
   * The largest accuracy drop over the shared epsilons (negative when the candidate improved
   * everywhere).
   */
  public double largestDrop() {
    return epsilons.stream().mapToDouble(d -> -d.accuracyDelta()).max().orElse(0);
  }
}
