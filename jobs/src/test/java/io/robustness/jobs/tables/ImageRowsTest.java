package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.Score;
import io.robustness.core.image.FailureReason;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Each typed result becomes one row of the schema, column by column. */
class ImageRowsTest {

  @Test
  void anAttackedImageKeepsEveryScoreAndOnlyTheExportedImages() {
    Score clean = new Score(3, 0.8f, 0.8f, true, 0.1f);
    ImageOutcome outcome =
        new ImageOutcome(
            3,
            -1,
            AttackMode.UNTARGETED,
            clean,
            List.of(
                new EpsilonScore(0.0, clean, 0f, 0f),
                new EpsilonScore(0.1, new Score(5, 0.6f, 0.2f, false, 0.6f), 0.1f, 2.5f)),
            0.07);
    byte[] png = {1, 2, 3};

    Row row =
        ImageRows.of(new ImageResult.Attacked("x/a.png", "pgd", outcome, Map.of(0.1, png), "e1"));

    assertThat(row.size()).isEqualTo(ImageRows.schema().size());
    assertThat(ImageRowsTest.<String>value(row, Columns.STATUS)).isEqualTo(ImageRows.SCORED);
    assertThat(ImageRowsTest.<String>value(row, Columns.ATTACK)).isEqualTo("pgd");
    assertThat(ImageRowsTest.<Integer>value(row, Columns.LABEL)).isEqualTo(3);
    assertThat(ImageRowsTest.<Integer>value(row, Columns.TARGET)).isNull();
    assertThat(ImageRowsTest.<Double>value(row, Columns.FLIP_EPSILON)).isEqualTo(0.1);
    assertThat(ImageRowsTest.<Double>value(row, Columns.FLIP_EPSILON_EXACT)).isEqualTo(0.07);
    assertThat(ImageRowsTest.<Float>value(row, Columns.CLEAN_CONFIDENCE)).isEqualTo(0.8f);
    List<Row> scores = row.getList(ImageRows.schema().fieldIndex(Columns.SCORES));
    assertThat(scores).hasSize(2);
    assertThat(scores.get(1).<Integer>getAs(TableSchemas.SCORE.fieldIndex(Columns.PREDICTION)))
        .isEqualTo(5);
    assertThat(scores.get(1).<Float>getAs(TableSchemas.SCORE.fieldIndex(Columns.L2)))
        .isEqualTo(2.5f);
    List<Row> exported = row.getList(ImageRows.schema().fieldIndex(Columns.ADVERSARIAL));
    assertThat(exported)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(
                      e.<Double>getAs(TableSchemas.ADVERSARIAL_IMAGE.fieldIndex(Columns.EPSILON)))
                  .isEqualTo(0.1);
              assertThat(e.<byte[]>getAs(TableSchemas.ADVERSARIAL_IMAGE.fieldIndex(Columns.PNG)))
                  .isEqualTo(png);
            });
  }

  @Test
  void aFailedImageNamesItsStageReasonAndMessage() {
    Row row =
        ImageRows.of(
            new ImageResult.Failed(
                "x/b.jpg", 2, 4, "decode", FailureReason.EMPTY_FILE, "x/b.jpg is empty", "e2"));

    assertThat(ImageRowsTest.<String>value(row, Columns.STATUS)).isEqualTo(ImageRows.FAILED);
    assertThat(ImageRowsTest.<Integer>value(row, Columns.TARGET)).isEqualTo(4);
    assertThat(ImageRowsTest.<String>value(row, Columns.ERROR_STAGE)).isEqualTo("decode");
    assertThat(ImageRowsTest.<String>value(row, Columns.ERROR_REASON)).isEqualTo("EMPTY_FILE");
    assertThat(ImageRowsTest.<String>value(row, Columns.ERROR_MESSAGE))
        .isEqualTo("x/b.jpg is empty");
    assertThat(ImageRowsTest.<List<Row>>value(row, Columns.SCORES)).isNull();
  }

  /** Rows leave the builder without a schema (Spark applies it): columns by position. */
  @Test
  void theWorstCaseHasNoPerImageRow() {
    Score clean = new Score(3, 0.8f, 0.8f, true, 0.1f);
    ImageOutcome outcome =
        new ImageOutcome(
            3, -1, AttackMode.UNTARGETED, clean, List.of(new EpsilonScore(0.0, clean, 0f, 0f)));
    ImageResult worst = new ImageResult.WorstCase("x/a.png", outcome, "e1");
    assertThat(worst.perImage()).isFalse();
    assertThat(new ImageResult.Attacked("x/a.png", "fgsm", outcome, Map.of(), "e1").perImage())
        .isTrue();
    assertThatThrownBy(() -> ImageRows.of(worst)).hasMessageContaining("x/a.png");
  }

  @SuppressWarnings("unchecked")
  private static <T> T value(Row row, String column) {
    return (T) row.get(ImageRows.schema().fieldIndex(column));
  }
}
