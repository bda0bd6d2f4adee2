package io.robustness.jobs.audit;

import io.robustness.core.checks.CheckRow;
import io.robustness.core.metrics.CurvePoint;
import io.robustness.jobs.tables.RunRecord;
import java.util.List;
import java.util.Map;

/**
 * What a finished audit reports back: its runs row, each attack's overall curve, where the tables
 * and the report are ({@code reportUri} null when the report was switched off or could not be
 * written, see {@code reportProblem}), the attack-failure checks.
 */
public record AuditResult(
    RunRecord run,
    Map<String, List<CurvePoint>> curves,
    String outputRoot,
    Map<String, Long> skipped,
    String reportUri,
    String reportProblem,
    List<CheckRow> checks,
    Timings timings) {

  /** The attack-failure checks that failed. */
  public List<CheckRow> failedChecks() {
    return checks.stream().filter(CheckRow::failed).toList();
  }

  /** The first attack's overall curve (the only one when the run had one attack). */
  public List<CurvePoint> curve() {
    return curves.values().iterator().next();
  }

  /**
   * The job's own stage timings.
   *
   * @param secondsToFirstScoring from the driver JVM's start to the first scoring task
   * @param scoringSeconds from the first partition's start to the last one's end
   * @param imageEpsilonsPerSecond scored images times epsilons, per second of scoring
   * @param peakResidentMb the driver process's peak resident memory (executors too in local mode)
   * @param warmUp each executor's first partition against the partitions after it
   */
  public record Timings(
      double secondsToFirstScoring,
      double scoringSeconds,
      double imageEpsilonsPerSecond,
      long peakResidentMb,
      WarmUp warmUp) {}

  /**
   * What an executor's first partition costs beyond the others: its model load, libtorch's and the
   * JIT's warm-up and its classes' loading, which more executors pay each and more images amortize.
   *
   * @param executors executors that scored at least one partition
   * @param firstSeconds the mean over executors of their first partition's seconds
   * @param laterSeconds the median seconds of every other partition; NaN when there is none
   */
  public record WarmUp(int executors, double firstSeconds, double laterSeconds) {
    static final WarmUp NONE = new WarmUp(0, Double.NaN, Double.NaN);
  }
}
