package io.robustness.jobs.report;

import io.robustness.core.checks.Verdict;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, as plain values: read from the tables by {@link ReportLoader}, turned
 * into HTML by {@link ReportRenderer} and serialized as JSON for the page's charts. {@code curve},
 * the per-class, confidence, flip and example figures are the first attack's ({@code
 * attacks.get(0)}); {@code attackCurves} has every attack's.
 */
record ReportData(
    String runId,
    Map<String, String> run,
    List<Double> epsilons,
    List<String> attacks,
    List<Point> curve,
    Map<String, List<Point>> attackCurves,
    Map<String, List<Point>> confidenceCurves,
    List<ClassRow> classes,
    List<FlipBar> flips,
    List<ExactFlipBar> exactFlips,
    List<HistoryRun> history,
    List<Example> examples,
    List<Check> checks) {

  /** A row of the run's checks table (empty for runs written before it existed). */
  public record Check(
      String attack, Double epsilon, String check, double value, double threshold, String verdict) {

    public boolean failed() {
      return Verdict.FAIL.tableName().equals(verdict);
    }

    public boolean skipped() {
      return Verdict.SKIPPED.tableName().equals(verdict);
    }
  }

  /** One point of a curve. */
  public record Point(
      double epsilon,
      long images,
      double accuracy,
      double top5Accuracy,
      double meanConfidence,
      double meanTrueClassProb,
      Double attackSuccessRate) {}

  /** A class's accuracy at every epsilon of the grid (null where it had no images). */
  public record ClassRow(int label, String name, long images, List<Double> accuracy) {}

  /**
   * How many images first left their label at this epsilon; {@code epsilon} null: never in the
   * grid.
   */
  public record FlipBar(Double epsilon, long images) {}

  /** How many images' exact flip epsilon fell in {@code [from, to)}. */
  public record ExactFlipBar(double from, double to, long images) {}

  /**
   * A run of the history chart: when it started (UTC, to the minute) and its accuracy at each
   * epsilon of this run's grid (null: none).
   */
  public record HistoryRun(String runId, String startedAt, List<Double> accuracy) {}

  /**
   * One example image, with what the attack made of it at each epsilon, and per attack of the run
   * its trajectory.
   */
  public record Example(
      String path,
      String labelName,
      String originalPng,
      List<ExampleStep> steps,
      Map<String, List<TrajectoryPoint>> trajectories) {}

  /**
   * The image at one epsilon: the true class's probability and the most probable other class's
   * (null in runs written before it was kept).
   */
  public record TrajectoryPoint(double epsilon, float trueClassProb, Float topWrongProb) {}

  /** An example at one epsilon: PNGs as base64. */
  public record ExampleStep(
      double epsilon,
      String predictionName,
      float confidence,
      boolean correct,
      String adversarialPng,
      String perturbationPng) {}
}
