package io.robustness.jobs.tables;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows of the {@code examples} table: a few images of a run at every epsilon of the grid, as PNGs,
 * with what the model predicted for each. The report shows them; it never needs the model.
 */
public final class ExampleRows {

  private ExampleRows() {}

  /** One image at one epsilon. */
  public record Example(
      String imagePath,
      int label,
      String labelName,
      double epsilon,
      int prediction,
      String predictionName,
      float confidence,
      byte[] originalPng,
      byte[] adversarialPng,
      byte[] perturbationPng,
      String attack) {}

  public static Dataset<Row> frame(SparkSession spark, List<Example> examples) {
    List<Row> rows = examples.stream().map(e -> RecordRows.row(TableSchemas.EXAMPLES, e)).toList();
    return spark.createDataFrame(rows, TableSchemas.EXAMPLES);
  }
}
