package io.robustness.jobs.tables;

import static io.robustness.jobs.tables.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code samples}, {@code flips} and {@code errors}, derived from the per-image rows with Spark
 * SQL; their columns are those of {@link TableSchemas}.
 */
public final class DerivedTables {

  private static final String SCORE = "s";

  private DerivedTables() {}

  /** One row per scored image and epsilon. */
  public static Dataset<Row> samples(Dataset<Row> images, List<String> classes) {
    Column names = classNames(classes);
    Dataset<Row> exploded =
        images.filter(ImageRows.isScored()).select(col("*"), explode(col(SCORES)).as(SCORE));
    Column prediction = scoreField(PREDICTION);
    return exploded.select(
        col(IMAGE_PATH),
        col(LABEL),
        element_at(names, col(LABEL).plus(1)).as(LABEL_NAME),
        col(TARGET),
        scoreField(EPSILON).as(EPSILON),
        prediction.as(PREDICTION),
        element_at(names, prediction.plus(1)).as(PREDICTION_NAME),
        scoreField(CONFIDENCE).as(CONFIDENCE),
        scoreField(TRUE_CLASS_PROB).as(TRUE_CLASS_PROB),
        scoreField(TOP5_HIT).as(TOP5_HIT),
        prediction.equalTo(col(LABEL)).as(CORRECT),
        col(CLEAN_PREDICTION),
        col(CLEAN_CONFIDENCE),
        prediction.notEqual(col(CLEAN_PREDICTION)).as(FLIPPED),
        scoreField(LINF).as(LINF),
        scoreField(L2).as(L2),
        col(EXECUTOR_ID),
        col(ATTACK),
        scoreField(TOP_WRONG_PROB).as(TOP_WRONG_PROB));
  }

  /**
   * One row per scored image: the smallest epsilon whose prediction differs from the label, null if
   * none (the core's {@code ImageOutcome.flipEpsilon}, computed on the executors).
   */
  public static Dataset<Row> flips(Dataset<Row> images, List<String> classes) {
    return images
        .filter(ImageRows.isScored())
        .select(
            col(IMAGE_PATH),
            col(LABEL),
            element_at(classNames(classes), col(LABEL).plus(1)).as(LABEL_NAME),
            col(CLEAN_PREDICTION).equalTo(col(LABEL)).as(CLEAN_CORRECT),
            col(FLIP_EPSILON),
            col(FLIP_EPSILON_EXACT),
            col(ATTACK));
  }

  /** One row per image that could not be scored. */
  /** One row per exported adversarial image: image, attack and epsilon. */
  public static Dataset<Row> adversarialExamples(Dataset<Row> images, List<String> classes) {
    Column names = classNames(classes);
    String a = "a";
    Column prediction = col(a + "." + PREDICTION);
    return images
        .filter(ImageRows.isScored())
        .select(col("*"), explode(col(ADVERSARIAL)).as(a))
        .select(
            col(ATTACK),
            col(IMAGE_PATH),
            col(LABEL),
            element_at(names, col(LABEL).plus(1)).as(LABEL_NAME),
            col(a + "." + EPSILON).as(EPSILON),
            prediction.as(PREDICTION),
            element_at(names, prediction.plus(1)).as(PREDICTION_NAME),
            col(a + "." + PNG).as(PNG));
  }

  public static Dataset<Row> errors(Dataset<Row> images) {
    return images
        .filter(ImageRows.isFailed())
        .select(
            col(IMAGE_PATH),
            col(ERROR_STAGE).as(STAGE),
            col(ERROR_REASON).as(REASON),
            col(ERROR_MESSAGE).as(MESSAGE),
            col(EXECUTOR_ID),
            col(ERROR_MESSAGE).as(DETAIL));
  }

  private static Column scoreField(String field) {
    return col(SCORE + "." + field);
  }

  private static Column classNames(List<String> classes) {
    return functions.array(classes.stream().map(c -> lit(c)).toArray(Column[]::new));
  }
}
