package io.robustness.jobs.tables;

import static io.robustness.jobs.tables.Columns.*;

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
      byte[] perturbationPng) {}

  public static Dataset<Row> frame(SparkSession spark, List<Example> examples) {
    List<Row> rows =
        examples.stream()
            .map(
                e ->
                    new RowBuilder(TableSchemas.EXAMPLES)
                        .set(IMAGE_PATH, e.imagePath())
                        .set(LABEL, e.label())
                        .set(LABEL_NAME, e.labelName())
                        .set(EPSILON, e.epsilon())
                        .set(PREDICTION, e.prediction())
                        .set(PREDICTION_NAME, e.predictionName())
                        .set(CONFIDENCE, e.confidence())
                        .set(ORIGINAL_PNG, e.originalPng())
                        .set(ADVERSARIAL_PNG, e.adversarialPng())
                        .set(PERTURBATION_PNG, e.perturbationPng())
                        .build())
            .toList();
    return spark.createDataFrame(rows, TableSchemas.EXAMPLES);
  }
}
