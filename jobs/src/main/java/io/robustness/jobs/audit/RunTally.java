package io.robustness.jobs.audit;

import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.WorstCase;
import io.robustness.core.checks.CheckTally;
import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.jobs.tables.ImageResult;
import io.robustness.jobs.tables.ImageRows;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * Everything the run learns from its per-image rows as they are scored, merged across partitions in
 * any order: per attack (and, with more than one attack, for their worst case, last) the curve
 * tallies and the flip epsilons, and the counts of the attack-failure checks; how many images were
 * scored and failed, on which executors; and the candidates for the report's example images (from
 * the first attack).
 */
final class RunTally implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<AttackSpec> attacks;
  private final Map<String, CurveAccumulator> curves = new LinkedHashMap<>();
  private final Map<String, FlipCounts> flips = new LinkedHashMap<>();
  private final Map<String, CheckTally> checks = new LinkedHashMap<>();
  private final ExampleCandidates candidates = new ExampleCandidates();
  private final Set<String> executors = new TreeSet<>();
  private long scored;
  private long failed;

  /**
   * @param saturatedProbability a clean top-class probability at or above this counts as saturated
   */
  RunTally(List<AttackSpec> attacks, double saturatedProbability) {
    this.attacks = List.copyOf(attacks);
    for (AttackSpec attack : attacks) {
      curves.put(attack.name(), new CurveAccumulator(attack.grid()));
      flips.put(attack.name(), new FlipCounts(attack.epsilons()));
      checks.put(attack.name(), new CheckTally(attack, saturatedProbability));
    }
    if (attacks.size() > 1) {
      curves.put(WorstCase.NAME, new CurveAccumulator(attacks.get(0).grid()));
      flips.put(WorstCase.NAME, new FlipCounts(attacks.get(0).epsilons()));
    }
  }

  RunTally add(ImageResult result) {
    executors.add(result.executorId());
    if (result instanceof ImageResult.WorstCase worst) {
      curves.get(WorstCase.NAME).add(worst.outcome());
      flips.get(WorstCase.NAME).add(worst.outcome());
      return this;
    }
    if (!(result instanceof ImageResult.Attacked attacked)) {
      failed++;
      return this;
    }
    String name = attacked.attack();
    ImageOutcome outcome = attacked.outcome();
    curves.get(name).add(outcome);
    flips.get(name).add(outcome);
    checks.get(name).add(outcome);
    if (name.equals(attacks.get(0).name())) {
      scored++;
      candidates.offer(
          new ExamplePicker.Candidate(
              attacked.imagePath(),
              outcome.initiallyCorrect(),
              outcome.flipEpsilon().isPresent() ? outcome.flipEpsilon().getAsDouble() : null,
              outcome.label(),
              outcome.target()));
    }
    // An image's attacks arrive together, its first attack first: a kept candidate collects
    // every attack's trajectory for the report.
    if (candidates.holds(attacked.imagePath())) {
      candidates.addTrajectory(
          attacked.imagePath(), ImageRows.trajectory(attacked.imagePath(), name, outcome));
    }
    return this;
  }

  RunTally merge(RunTally other) {
    other.curves.forEach((name, acc) -> curves.get(name).merge(acc));
    other.flips.forEach((name, counts) -> flips.get(name).merge(counts));
    other.checks.forEach((name, counts) -> checks.get(name).merge(counts));
    candidates.merge(other.candidates);
    executors.addAll(other.executors);
    scored += other.scored;
    failed += other.failed;
    return this;
  }

  /** Each attack's tallies, in the order the attacks ran, then the worst case's. */
  Map<String, CurveAccumulator> curves() {
    return curves;
  }

  /** Each attack's flip epsilons on the grid. */
  Map<String, FlipCounts> flips() {
    return flips;
  }

  /** Each attack's counts for the attack-failure checks (none for the worst case). */
  Map<String, CheckTally> checks() {
    return checks;
  }

  List<ExamplePicker.Candidate> exampleCandidates() {
    return candidates.all();
  }

  /**
   * The {@code samples} rows (image_path, attack, epsilon, true_class_prob, top_wrong_prob) of
   * every example candidate, every attack's.
   */
  List<Row> candidateTrajectories() {
    return candidates.trajectories();
  }

  long scored() {
    return scored;
  }

  long failed() {
    return failed;
  }

  int executors() {
    return executors.size();
  }
}
