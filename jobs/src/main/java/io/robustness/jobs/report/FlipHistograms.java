package io.robustness.jobs.report;

import static io.robustness.jobs.tables.Columns.FLIP_EPSILON;
import static io.robustness.jobs.tables.Columns.FLIP_EPSILON_EXACT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The flip histograms of a run's flips rows: on the grid, and of the exact flip epsilons. */
final class FlipHistograms {

  /** Bars of the exact histogram over [0, largest epsilon of the grid]. */
  static final int EXACT_BINS = 20;

  private static final String BIN = "bin";
  private static final String COUNT = "count";

  private FlipHistograms() {}

  /** Images per grid flip epsilon, "never" last. */
  static List<ReportData.FlipBar> grid(Dataset<Row> flips) {
    List<ReportData.FlipBar> out = new ArrayList<>();
    for (Row r :
        flips
            .groupBy(FLIP_EPSILON)
            .count()
            .orderBy(col(FLIP_EPSILON).asc_nulls_last())
            .collectAsList()) {
      out.add(new ReportData.FlipBar(r.<Double>getAs(FLIP_EPSILON), r.<Long>getAs(COUNT)));
    }
    return out;
  }

  /** Images per bin of exact flip epsilon; empty when the run did not search for them. */
  static List<ReportData.ExactFlipBar> exact(Dataset<Row> flips, List<Double> epsilons) {
    double top = epsilons.get(epsilons.size() - 1);
    List<ReportData.ExactFlipBar> out = new ArrayList<>();
    if (top <= 0) {
      return out;
    }
    double width = top / EXACT_BINS;
    long[] counts = new long[EXACT_BINS];
    long any = 0;
    for (Row r :
        flips
            .filter(col(FLIP_EPSILON_EXACT).isNotNull())
            .groupBy(floor(col(FLIP_EPSILON_EXACT).divide(width)).as(BIN))
            .count()
            .collectAsList()) {
      int bin = (int) Math.min(EXACT_BINS - 1, Math.max(0, r.<Long>getAs(BIN)));
      counts[bin] += r.<Long>getAs(COUNT);
      any += r.<Long>getAs(COUNT);
    }
    if (any == 0) {
      return out;
    }
    for (int i = 0; i < EXACT_BINS; i++) {
      out.add(new ReportData.ExactFlipBar(i * width, (i + 1) * width, counts[i]));
    }
    return out;
  }
}
