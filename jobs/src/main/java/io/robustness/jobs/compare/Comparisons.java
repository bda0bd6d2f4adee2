package io.robustness.jobs.compare;

import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.tables.RunRef;
import io.robustness.jobs.tables.TableReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Candidate against baseline, attack by attack: what {@code compare} and the nightly gate report.
 * The gate fails when any attack's accuracy drop exceeds {@code maxDrop}. Attacks only one run has
 * are named, not compared (an older run may hold FGSM only).
 */
public record Comparisons(
    RunRef baseline,
    RunRef candidate,
    double maxDrop,
    List<RunComparison> attacks,
    List<String> attacksOnlyInBaseline,
    List<String> attacksOnlyInCandidate) {

  /**
   * @param baseline a run id, latest or previous
   * @param attack compare only this attack; null for every attack both runs have
   * @throws UsageException naming the problem when a run cannot be resolved, the runs share no
   *     attack or no epsilon
   */
  public static Comparisons of(
      TableReader tables,
      String baseline,
      String candidate,
      double maxDrop,
      int topClasses,
      String attack) {
    List<RunRef> runs = tables.runs();
    RunRef base = RunRef.resolve(baseline, runs);
    RunRef cand = RunRef.resolve(candidate, runs);
    RunCurves curves = new RunCurves(tables);
    Map<String, Map<Double, RunComparison.Figures>> baseCurves = curves.curves(base.runId());
    Map<String, Map<Double, RunComparison.Figures>> candCurves = curves.curves(cand.runId());
    TreeSet<String> shared = new TreeSet<>(baseCurves.keySet());
    shared.retainAll(candCurves.keySet());
    if (attack != null) {
      if (!shared.contains(attack)) {
        throw new UsageException(
            "--attack " + attack + " is not an attack of both runs; they share " + shared);
      }
      shared.retainAll(List.of(attack));
    }
    if (shared.isEmpty()) {
      throw new UsageException(
          "runs " + base.runId() + " and " + cand.runId() + " share no attack");
    }
    Map<String, Map<String, Map<Double, Double>>> baseClasses = curves.classes(base.runId());
    Map<String, Map<String, Map<Double, Double>>> candClasses = curves.classes(cand.runId());
    List<RunComparison> out = new ArrayList<>();
    for (String name : shared) {
      RunComparison c =
          RunComparison.of(
              name,
              base.runId(),
              cand.runId(),
              maxDrop,
              baseCurves.get(name),
              candCurves.get(name),
              baseClasses.getOrDefault(name, Map.of()),
              candClasses.getOrDefault(name, Map.of()),
              topClasses);
      if (c.epsilons().isEmpty()) {
        throw new UsageException(
            "runs " + base.runId() + " and " + cand.runId() + " share no epsilon for " + name);
      }
      out.add(c);
    }
    List<String> onlyInBaseline = new ArrayList<>();
    List<String> onlyInCandidate = new ArrayList<>();
    if (attack == null) {
      onlyInBaseline.addAll(new TreeSet<>(baseCurves.keySet()));
      onlyInBaseline.removeAll(shared);
      onlyInCandidate.addAll(new TreeSet<>(candCurves.keySet()));
      onlyInCandidate.removeAll(shared);
    }
    return new Comparisons(base, cand, maxDrop, out, onlyInBaseline, onlyInCandidate);
  }

  /** True when some attack's accuracy dropped by more than {@code maxDrop} somewhere. */
  public boolean gateFails() {
    return attacks.stream().anyMatch(RunComparison::gateFails);
  }
}
