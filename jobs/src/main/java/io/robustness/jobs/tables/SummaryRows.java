package io.robustness.jobs.tables;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Rows of the {@code summaries} table: one number per attack for dashboards. */
public final class SummaryRows {

  private SummaryRows() {}

  /**
   * One attack's summary.
   *
   * @param accuracyAuc the area under the accuracy curve over the grid, divided by its epsilon
   *     range
   * @param meanFlipEpsilon over the images the grid flips (the grid's flip epsilon), null if none
   * @param medianFlipEpsilon likewise
   */
  public record Summary(
      String attack,
      double epsilonMax,
      double accuracyAuc,
      Double meanFlipEpsilon,
      Double medianFlipEpsilon,
      long imagesNeverFlipped) {}

  public static Dataset<Row> frame(SparkSession spark, List<Summary> summaries) {
    List<Row> rows =
        summaries.stream().map(s -> RecordRows.row(TableSchemas.SUMMARIES, s)).toList();
    return spark.createDataFrame(rows, TableSchemas.SUMMARIES);
  }
}
