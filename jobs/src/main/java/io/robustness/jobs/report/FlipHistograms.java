package io.robustness.jobs.report;

import static io.robustness.jobs.tables.Columns.FLIP_EPSILON;
import static io.robustness.jobs.tables.Columns.FLIP_EPSILON_EXACT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The flip histograms of a run's flips rows, on the grid and of the exact flip epsilons, from one
 * aggregation (a run has a flips row per image: Spark counts them, the page gets the counts).
 */
record FlipHistograms(List<ReportData.FlipBar> grid, List<ReportData.ExactFlipBar> exact) {

  /** Bars of the exact histogram over [0, largest epsilon of the grid]. */
  static final int EXACT_BINS = 20;

  private static final String BIN = "bin";
  private static final String COUNT = "count";

  /**
   * Images per grid flip epsilon ("never" last), and per bin of exact flip epsilon (empty when the
   * run did not search for them).
   */
  static FlipHistograms of(Dataset<Row> flips, List<Double> epsilons) {
    double top = epsilons.get(epsilons.size() - 1);
    double width = top > 0 ? top / EXACT_BINS : 1;
    // Null flip epsilons ("never flipped") sort last, after every grid epsilon.
    Map<Double, Long> byGrid = new TreeMap<>(Comparator.nullsLast(Double::compare));
    long[] bins = new long[EXACT_BINS];
    long exact = 0;
    for (Row r :
        flips
            .groupBy(col(FLIP_EPSILON), floor(col(FLIP_EPSILON_EXACT).divide(width)).as(BIN))
            .count()
            .collectAsList()) {
      long count = r.<Long>getAs(COUNT);
      byGrid.merge(r.<Double>getAs(FLIP_EPSILON), count, Long::sum);
      if (!r.isNullAt(r.fieldIndex(BIN))) {
        bins[(int) Math.min(EXACT_BINS - 1, Math.max(0, r.<Long>getAs(BIN)))] += count;
        exact += count;
      }
    }
    List<ReportData.FlipBar> grid = new ArrayList<>();
    byGrid.forEach((epsilon, images) -> grid.add(new ReportData.FlipBar(epsilon, images)));
    List<ReportData.ExactFlipBar> exactBars = new ArrayList<>();
    if (top > 0 && exact > 0) {
      for (int i = 0; i < EXACT_BINS; i++) {
        exactBars.add(new ReportData.ExactFlipBar(i * width, (i + 1) * width, bins[i]));
      }
    }
    return new FlipHistograms(grid, exactBars);
  }
}
