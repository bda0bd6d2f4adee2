package io.robustness.jobs.tables;

import static io.robustness.jobs.tables.Columns.*;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.Score;
import io.robustness.core.image.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The job's intermediate result, one row per listed image ({@link TableSchemas#SCORED_IMAGES}):
 * either its clean score and one score per epsilon, or the stage and reason it failed at. The
 * result tables are all derived from these rows.
 */
public final class ImageRows {

  static final String SCORED = "scored";
  static final String FAILED = "failed";

  private ImageRows() {}

  public static StructType schema() {
    return TableSchemas.SCORED_IMAGES;
  }

  /** True for the rows of scored images. */
  public static Column isScored() {
    return functions.col(STATUS).equalTo(SCORED);
  }

  /** The same test as {@link #isScored()}, on one row. */
  public static boolean isScoredRow(Row row) {
    return SCORED.equals(row.getAs(STATUS));
  }

  /** True for the rows of images that could not be scored. */
  public static Column isFailed() {
    return functions.col(STATUS).equalTo(FAILED);
  }

  /**
   * One attack's result on one image; the target is the outcome's (least-likely resolved).
   *
   * @param attack the attack's name, like {@code fgsm}
   */
  public static Row scored(
      String imagePath, int label, String attack, ImageOutcome outcome, String executorId) {
    return scored(imagePath, label, attack, outcome, Map.of(), executorId);
  }

  /**
   * @param adversarialPngs exported adversarial images by epsilon, PNG-encoded
   */
  public static Row scored(
      String imagePath,
      int label,
      String attack,
      ImageOutcome outcome,
      Map<Double, byte[]> adversarialPngs,
      String executorId) {
    List<Row> exported = new ArrayList<>();
    for (EpsilonScore s : outcome.perturbed()) {
      byte[] png = adversarialPngs.get(s.epsilon());
      if (png != null) {
        exported.add(
            new RowBuilder(TableSchemas.ADVERSARIAL_IMAGE)
                .set(EPSILON, s.epsilon())
                .set(PREDICTION, s.score().prediction())
                .set(PNG, png)
                .build());
      }
    }
    List<Row> scores = new ArrayList<>();
    for (EpsilonScore s : outcome.perturbed()) {
      scores.add(
          new RowBuilder(TableSchemas.SCORE)
              .set(EPSILON, s.epsilon())
              .set(PREDICTION, s.score().prediction())
              .set(CONFIDENCE, s.score().confidence())
              .set(TRUE_CLASS_PROB, s.score().trueClassProbability())
              .set(TOP5_HIT, s.score().top5Hit())
              .set(LINF, s.linf())
              .set(L2, s.l2())
              .build());
    }
    Score clean = outcome.clean();
    return image(imagePath, label, outcome.target(), SCORED, executorId)
        .set(ATTACK, attack)
        .set(
            FLIP_EPSILON_EXACT,
            Double.isNaN(outcome.exactFlipEpsilon()) ? null : outcome.exactFlipEpsilon())
        .set(CLEAN_PREDICTION, clean.prediction())
        .set(CLEAN_CONFIDENCE, clean.confidence())
        .set(CLEAN_TRUE_CLASS_PROB, clean.trueClassProbability())
        .set(CLEAN_TOP5_HIT, clean.top5Hit())
        .set(
            FLIP_EPSILON,
            outcome.flipEpsilon().isPresent() ? outcome.flipEpsilon().getAsDouble() : null)
        // Spark's row encoder wants Scala sequences for arrays.
        .set(SCORES, CollectionConverters.asScala(scores).toSeq())
        .set(ADVERSARIAL, CollectionConverters.asScala(exported).toSeq())
        .build();
  }

  public static Row failed(
      String imagePath,
      int label,
      int target,
      String stage,
      FailureReason reason,
      String message,
      String executorId) {
    return image(imagePath, label, target, FAILED, executorId)
        .set(ERROR_STAGE, stage)
        .set(ERROR_REASON, reason.name())
        .set(ERROR_MESSAGE, message)
        .build();
  }

  private static RowBuilder image(
      String imagePath, int label, int target, String status, String executorId) {
    return new RowBuilder(TableSchemas.SCORED_IMAGES)
        .set(IMAGE_PATH, imagePath)
        .set(LABEL, label)
        .set(TARGET, target < 0 ? null : target)
        .set(STATUS, status)
        .set(EXECUTOR_ID, executorId);
  }

  /** Back from a scored row (with the schema above) to the core's outcome. */
  public static ImageOutcome outcome(Row row, AttackMode mode) {
    List<Row> scores = row.getList(row.fieldIndex(SCORES));
    List<EpsilonScore> perturbed = new ArrayList<>(scores.size());
    for (Row s : scores) {
      perturbed.add(
          new EpsilonScore(
              s.getAs(EPSILON),
              new Score(
                  s.getAs(PREDICTION),
                  s.getAs(CONFIDENCE),
                  s.getAs(TRUE_CLASS_PROB),
                  s.getAs(TOP5_HIT)),
              s.getAs(LINF),
              s.getAs(L2)));
    }
    Score clean =
        new Score(
            row.getAs(CLEAN_PREDICTION),
            row.getAs(CLEAN_CONFIDENCE),
            row.getAs(CLEAN_TRUE_CLASS_PROB),
            row.getAs(CLEAN_TOP5_HIT));
    Integer target = row.getAs(TARGET);
    Double exact = row.getAs(FLIP_EPSILON_EXACT);
    return new ImageOutcome(
        row.getAs(LABEL),
        target == null ? -1 : target,
        mode,
        clean,
        perturbed,
        exact == null ? Double.NaN : exact);
  }
}
