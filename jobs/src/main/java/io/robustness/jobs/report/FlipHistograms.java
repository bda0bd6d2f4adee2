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
 * The flip histograms of one attack of a run, on the grid and of the exact flip epsilons: from one
 * aggregation of its flips rows, or from the counts the run made as it scored.
 */
public record FlipHistograms(List<ReportData.FlipBar> grid, List<ReportData.ExactFlipBar> exact) {

  /** Bars of the exact histogram over [0, largest epsilon of the grid]. */
  static final int EXACT_BINS = 20;

  private static final String BIN = "bin";
  private static final String COUNT = "count";

  /**
   * Images per grid flip epsilon ("never" last), and per bin of exact flip epsilon (empty when the
   * run did not search for them), from a run's flips rows: Spark counts them, the page gets the
   * counts.
   */
  static FlipHistograms of(Dataset<Row> flips, List<Double> epsilons) {
    Map<Double, Long> byGrid = new TreeMap<>(Comparator.nullsLast(Double::compare));
    long[] bins = new long[EXACT_BINS];
    for (Row r :
        flips
            .groupBy(
                col(FLIP_EPSILON), floor(col(FLIP_EPSILON_EXACT).divide(width(epsilons))).as(BIN))
            .count()
            .collectAsList()) {
      long count = r.<Long>getAs(COUNT);
      byGrid.merge(r.<Double>getAs(FLIP_EPSILON), count, Long::sum);
      if (!r.isNullAt(r.fieldIndex(BIN))) {
        bins[clamp(r.<Long>getAs(BIN))] += count;
      }
    }
    return of(byGrid, bins, epsilons);
  }

  /**
   * @param byGrid images per grid flip epsilon, null for those that never flipped (no entry: none)
   * @param bins images per bin of exact flip epsilon ({@link #bin})
   */
  public static FlipHistograms of(Map<Double, Long> byGrid, long[] bins, List<Double> epsilons) {
    // Null flip epsilons ("never flipped") sort last, after every grid epsilon.
    Map<Double, Long> sorted = new TreeMap<>(Comparator.nullsLast(Double::compare));
    sorted.putAll(byGrid);
    List<ReportData.FlipBar> grid = new ArrayList<>();
    sorted.forEach((epsilon, images) -> grid.add(new ReportData.FlipBar(epsilon, images)));
    double top = epsilons.get(epsilons.size() - 1);
    double width = width(epsilons);
    long exact = 0;
    for (long b : bins) {
      exact += b;
    }
    List<ReportData.ExactFlipBar> exactBars = new ArrayList<>();
    if (top > 0 && exact > 0) {
      for (int i = 0; i < EXACT_BINS; i++) {
        exactBars.add(new ReportData.ExactFlipBar(i * width, (i + 1) * width, bins[i]));
      }
    }
    return new FlipHistograms(grid, exactBars);
  }

  /** A new array of {@link #EXACT_BINS} counts. */
  public static long[] emptyBins() {
    return new long[EXACT_BINS];
  }

  /** The bin of an exact flip epsilon on a grid: as the aggregation over flips rows bins it. */
  public static int bin(double exact, List<Double> epsilons) {
    return clamp((long) Math.floor(exact / width(epsilons)));
  }

  private static double width(List<Double> epsilons) {
    double top = epsilons.get(epsilons.size() - 1);
    return top > 0 ? top / EXACT_BINS : 1;
  }

  private static int clamp(long bin) {
    return (int) Math.min(EXACT_BINS - 1, Math.max(0, bin));
  }
}
