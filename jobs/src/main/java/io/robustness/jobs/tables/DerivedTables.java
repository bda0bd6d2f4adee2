package io.robustness.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.robustness.jobs.audit.ImageRows;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code samples}, {@code flips} and {@code errors}, derived from the per-image rows with Spark
 * SQL.
 */
public final class DerivedTables {

  private DerivedTables() {}

  /** One row per scored image and epsilon. */
  public static Dataset<Row> samples(Dataset<Row> images, List<String> classes) {
    Column names = classNames(classes);
    Dataset<Row> exploded =
        images.filter(ImageRows.isScored()).select(col("*"), explode(col("scores")).as("s"));
    return exploded.select(
        col("image_path"),
        col("label"),
        element_at(names, col("label").plus(1)).as("label_name"),
        col("target"),
        col("s.epsilon").as("epsilon"),
        col("s.prediction").as("prediction"),
        element_at(names, col("s.prediction").plus(1)).as("prediction_name"),
        col("s.confidence").as("confidence"),
        col("s.true_class_prob").as("true_class_prob"),
        col("s.top5_hit").as("top5_hit"),
        col("s.prediction").equalTo(col("label")).as("correct"),
        col("clean_prediction"),
        col("clean_confidence"),
        col("s.prediction").notEqual(col("clean_prediction")).as("flipped"),
        col("s.linf").as("linf"),
        col("s.l2").as("l2"),
        col("executor_id"));
  }

  /**
   * One row per scored image: the smallest epsilon whose prediction differs from the label, null if
   * none.
   */
  public static Dataset<Row> flips(Dataset<Row> images, List<String> classes) {
    return images
        .filter(ImageRows.isScored())
        .select(
            col("image_path"),
            col("label"),
            element_at(classNames(classes), col("label").plus(1)).as("label_name"),
            col("clean_prediction").equalTo(col("label")).as("clean_correct"),
            expr("array_min(transform(filter(scores, s -> s.prediction != label), s -> s.epsilon))")
                .as("flip_epsilon"));
  }

  /** One row per image that could not be scored. */
  public static Dataset<Row> errors(Dataset<Row> images) {
    return images
        .filter(ImageRows.isFailed())
        .select(
            col("image_path"),
            col("error_stage").as("stage"),
            col("error_reason").as("reason"),
            col("error_message").as("message"),
            col("executor_id"));
  }

  private static Column classNames(List<String> classes) {
    return functions.array(classes.stream().map(c -> lit(c)).toArray(Column[]::new));
  }
}
