package io.robustness.jobs.audit;

import io.robustness.core.metrics.CurvePoint;
import io.robustness.jobs.tables.SummaryRows.Summary;
import java.util.ArrayList;
import java.util.List;

/** The {@code summaries} table's numbers, one row per attack, from the run's tally. */
final class Summaries {

  private Summaries() {}

  static List<Summary> of(RunTally tally) {
    List<Summary> out = new ArrayList<>();
    tally
        .curves()
        .forEach(
            (attack, acc) -> {
              FlipCounts flips = tally.flips().get(attack);
              List<CurvePoint> curve = acc.overall();
              out.add(
                  new Summary(
                      attack,
                      curve.get(curve.size() - 1).epsilon(),
                      accuracyAuc(curve),
                      flips.mean(),
                      flips.median(),
                      flips.never()));
            });
    return out;
  }

  /**
   * The area under the accuracy curve (trapezoids over the grid) divided by the grid's epsilon
   * range, so that it reads as an average accuracy; a one-point grid gives that point's accuracy.
   */
  static double accuracyAuc(List<CurvePoint> curve) {
    if (curve.size() == 1) {
      return curve.get(0).accuracy();
    }
    double area = 0;
    for (int i = 1; i < curve.size(); i++) {
      CurvePoint a = curve.get(i - 1);
      CurvePoint b = curve.get(i);
      area += (b.epsilon() - a.epsilon()) * (a.accuracy() + b.accuracy()) / 2;
    }
    return area / (curve.get(curve.size() - 1).epsilon() - curve.get(0).epsilon());
  }
}
