package io.robustness.jobs.audit;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.Score;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The job's intermediate result, one row per listed image: either its clean score and one score per
 * epsilon, or the stage and reason it failed at. The result tables are all derived from these rows.
 */
public final class ImageRows {

  public static final String SCORED = "scored";
  public static final String FAILED = "failed";

  public static final StructType SCORE =
      new StructType()
          .add("epsilon", DataTypes.DoubleType, false)
          .add("prediction", DataTypes.IntegerType, false)
          .add("confidence", DataTypes.FloatType, false)
          .add("true_class_prob", DataTypes.FloatType, false)
          .add("top5_hit", DataTypes.BooleanType, false)
          .add("linf", DataTypes.FloatType, false)
          .add("l2", DataTypes.FloatType, false);

  public static final StructType SCHEMA =
      new StructType()
          .add("image_path", DataTypes.StringType, false)
          .add("label", DataTypes.IntegerType, false)
          .add("target", DataTypes.IntegerType, true)
          .add("status", DataTypes.StringType, false)
          .add("error_stage", DataTypes.StringType, true)
          .add("error_reason", DataTypes.StringType, true)
          .add("error_message", DataTypes.StringType, true)
          .add("executor_id", DataTypes.StringType, false)
          .add("clean_prediction", DataTypes.IntegerType, true)
          .add("clean_confidence", DataTypes.FloatType, true)
          .add("clean_true_class_prob", DataTypes.FloatType, true)
          .add("clean_top5_hit", DataTypes.BooleanType, true)
          .add("scores", DataTypes.createArrayType(SCORE, false), true);

  private ImageRows() {}

  /** True for the rows of scored images. */
  public static Column isScored() {
    return functions.col("status").equalTo(SCORED);
  }

  /** True for the rows of images that could not be scored. */
  public static Column isFailed() {
    return functions.col("status").equalTo(FAILED);
  }

  static Row scored(WorkItem item, ImageOutcome outcome, String executorId) {
    List<Row> scores = new ArrayList<>();
    for (EpsilonScore s : outcome.perturbed()) {
      scores.add(
          RowFactory.create(
              s.epsilon(),
              s.score().prediction(),
              s.score().confidence(),
              s.score().trueClassProbability(),
              s.score().top5Hit(),
              s.linf(),
              s.l2()));
    }
    Score clean = outcome.clean();
    // Spark's row encoder wants Scala sequences for arrays.
    return RowFactory.create(
        item.path(),
        item.label(),
        target(item),
        SCORED,
        null,
        null,
        null,
        executorId,
        clean.prediction(),
        clean.confidence(),
        clean.trueClassProbability(),
        clean.top5Hit(),
        CollectionConverters.asScala(scores).toSeq());
  }

  static Row failed(WorkItem item, String stage, String reason, String message, String executorId) {
    return RowFactory.create(
        item.path(),
        item.label(),
        target(item),
        FAILED,
        stage,
        reason,
        message,
        executorId,
        null,
        null,
        null,
        null,
        null);
  }

  /** Back from a scored row to the core's outcome, for the curve accumulators. */
  public static ImageOutcome outcome(Row row, AttackMode mode) {
    List<Row> scores = row.getList(row.fieldIndex("scores"));
    List<EpsilonScore> perturbed = new ArrayList<>(scores.size());
    for (Row s : scores) {
      perturbed.add(
          new EpsilonScore(
              s.getDouble(0),
              new Score(s.getInt(1), s.getFloat(2), s.getFloat(3), s.getBoolean(4)),
              s.getFloat(5),
              s.getFloat(6)));
    }
    Score clean =
        new Score(
            row.getInt(row.fieldIndex("clean_prediction")),
            row.getFloat(row.fieldIndex("clean_confidence")),
            row.getFloat(row.fieldIndex("clean_true_class_prob")),
            row.getBoolean(row.fieldIndex("clean_top5_hit")));
    int targetIndex = row.fieldIndex("target");
    int target = row.isNullAt(targetIndex) ? -1 : row.getInt(targetIndex);
    return new ImageOutcome(row.getInt(row.fieldIndex("label")), target, mode, clean, perturbed);
  }

  private static Integer target(WorkItem item) {
    return item.target() < 0 ? null : item.target();
  }
}
