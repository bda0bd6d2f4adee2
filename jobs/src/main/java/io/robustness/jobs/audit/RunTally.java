package io.robustness.jobs.audit;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.jobs.tables.Columns;
import io.robustness.jobs.tables.ImageRows;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * Everything the run learns from one pass over its per-image rows, merged across partitions in any
 * order: the curve tallies, how many images were scored and failed, on which executors, and the
 * candidates for the report's example images.
 */
final class RunTally implements Serializable {

  private static final long serialVersionUID = 1L;

  private final AttackMode mode;
  private final CurveAccumulator curves;
  private final ExampleCandidates candidates = new ExampleCandidates();
  private final Set<String> executors = new TreeSet<>();
  private long scored;
  private long failed;

  RunTally(List<Double> epsilons, AttackMode mode) {
    this.mode = mode;
    this.curves = new CurveAccumulator(epsilons);
  }

  RunTally add(Row row) {
    executors.add(row.getAs(Columns.EXECUTOR_ID));
    if (!ImageRows.isScoredRow(row)) {
      failed++;
      return this;
    }
    scored++;
    ImageOutcome outcome = ImageRows.outcome(row, mode);
    curves.add(outcome);
    candidates.offer(
        new ExamplePicker.Candidate(
            row.getAs(Columns.IMAGE_PATH),
            outcome.initiallyCorrect(),
            outcome.flipEpsilon().isPresent() ? outcome.flipEpsilon().getAsDouble() : null,
            outcome.label(),
            outcome.target()));
    return this;
  }

  RunTally merge(RunTally other) {
    curves.merge(other.curves);
    candidates.merge(other.candidates);
    executors.addAll(other.executors);
    scored += other.scored;
    failed += other.failed;
    return this;
  }

  CurveAccumulator curves() {
    return curves;
  }

  List<ExamplePicker.Candidate> exampleCandidates() {
    return candidates.all();
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
