package io.robustness.jobs.tables;

import static io.robustness.jobs.tables.Columns.*;

import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows the image tables are derived from ({@link TableSchemas#SCORED_IMAGES}), one per {@link
 * ImageResult}: either an attack's clean score and one score per epsilon, or the stage and reason
 * an image failed at. Outcomes become rows here and nowhere else, and never turn back.
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

  /** True for the rows of images that could not be scored. */
  public static Column isFailed() {
    return functions.col(STATUS).equalTo(FAILED);
  }

  /**
   * The columns of {@code samples} that trace an image through an attack's epsilons, as a report's
   * trajectory reads them.
   */
  private static final StructType TRAJECTORY =
      new StructType(
          Stream.of(IMAGE_PATH, ATTACK, EPSILON, TRUE_CLASS_PROB, TOP_WRONG_PROB)
              .map(TableSchemas.SAMPLES::apply)
              .toArray(StructField[]::new));

  /**
   * An attack's trajectory of an image: its {@code samples} rows' image_path, attack, epsilon,
   * true_class_prob and top_wrong_prob, one per epsilon.
   */
  public static List<Row> trajectory(String imagePath, String attack, ImageOutcome outcome) {
    List<Row> out = new ArrayList<>();
    for (EpsilonScore s : outcome.perturbed()) {
      // With its schema: the report reads these rows by column name, as it reads the table's.
      out.add(
          new GenericRowWithSchema(
              new Object[] {
                imagePath,
                attack,
                s.epsilon(),
                s.score().trueClassProbability(),
                s.score().topWrongProbability()
              },
              TRAJECTORY));
    }
    return out;
  }

  /** The one row of a result: an attack's scores on an image, or why the image failed. */
  public static Row of(ImageResult result) {
    if (result instanceof ImageResult.Attacked attacked) {
      return scored(attacked);
    }
    if (result instanceof ImageResult.Failed failed) {
      return failed(failed);
    }
    throw new IllegalArgumentException(
        "the worst case of " + result.imagePath() + " has no per-image row");
  }

  private static Row scored(ImageResult.Attacked attacked) {
    ImageOutcome outcome = attacked.outcome();
    List<Row> exported = new ArrayList<>();
    List<Row> scores = new ArrayList<>();
    for (EpsilonScore s : outcome.perturbed()) {
      byte[] png = attacked.adversarialPngs().get(s.epsilon());
      if (png != null) {
        exported.add(
            new RowBuilder(TableSchemas.ADVERSARIAL_IMAGE)
                .set(EPSILON, s.epsilon())
                .set(PREDICTION, s.score().prediction())
                .set(PNG, png)
                .build());
      }
      scores.add(
          new RowBuilder(TableSchemas.SCORE)
              .set(EPSILON, s.epsilon())
              .set(PREDICTION, s.score().prediction())
              .set(CONFIDENCE, s.score().confidence())
              .set(TRUE_CLASS_PROB, s.score().trueClassProbability())
              .set(TOP5_HIT, s.score().top5Hit())
              .set(LINF, s.linf())
              .set(L2, s.l2())
              .set(TOP_WRONG_PROB, s.score().topWrongProbability())
              .build());
    }
    Score clean = outcome.clean();
    return image(
            attacked.imagePath(), outcome.label(), outcome.target(), SCORED, attacked.executorId())
        .set(ATTACK, attacked.attack())
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

  private static Row failed(ImageResult.Failed failed) {
    return image(failed.imagePath(), failed.label(), failed.target(), FAILED, failed.executorId())
        .set(ERROR_STAGE, failed.stage())
        .set(ERROR_REASON, failed.reason().name())
        .set(ERROR_MESSAGE, failed.message())
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
}
