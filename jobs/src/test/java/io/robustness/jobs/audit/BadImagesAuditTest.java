package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.robustness.jobs.tables.RunRecord;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.BadImageCorpus;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket nobody curates: every awkward file is scored correctly, recorded as an error, or
 * skipped.
 */
class BadImagesAuditTest {

  @TempDir static Path dir;
  private static SparkSession spark;
  private static AuditResult result;
  private static Path output;

  @BeforeAll
  static void runOverTheCorpus() throws Exception {
    spark = SparkTestSession.start();
    Path images = dir.resolve("images");
    BadImageCorpus.write(
        images, "sneaker", Samples.data("fashion-mnist").resolve("images/sneaker/0210.png"));
    output = dir.resolve("out");
    result =
        AuditJob.run(
            spark,
            Samples.settings(
                "fashion-mnist",
                output,
                "bad-images",
                "robustness.dataset.uri=" + images,
                "robustness.attack.epsilons=[0, 0.05]",
                "robustness.attack.batch-size=4"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> table(String name) {
    return spark.read().parquet(output.resolve(name).toString());
  }

  @Test
  void theRunSucceedsAndCountsEveryFile() {
    RunRecord run = result.run();
    int valid = BadImageCorpus.EXACT.length + BadImageCorpus.APPROXIMATE.length;
    assertThat(run.status()).isEqualTo("succeeded");
    assertThat(run.imagesScored()).isEqualTo(valid);
    assertThat(run.imagesFailed()).isEqualTo(BadImageCorpus.BROKEN.size());
    assertThat(run.imagesSkipped()).isEqualTo(BadImageCorpus.SKIPPED.length);
    assertThat(run.imagesTotal())
        .isEqualTo(valid + BadImageCorpus.BROKEN.size() + BadImageCorpus.SKIPPED.length);
    assertThat(result.skipped())
        .containsEntry("hidden file", 2L)
        .containsEntry("extension not in robustness.dataset.extensions", 1L);
  }

  @Test
  void everyBrokenFileIsAnErrorRowWithItsStageAndReason() {
    Map<String, String> reasons = new HashMap<>();
    for (Row row : table(Tables.ERRORS).collectAsList()) {
      String path = row.getAs("image_path");
      reasons.put(path.substring(path.lastIndexOf('/') + 1), row.getAs("reason"));
      assertThat(row.<String>getAs("stage")).isEqualTo("decode");
      assertThat(row.<String>getAs("detail")).contains(path.substring(path.lastIndexOf('/') + 1));
      assertThat(row.<String>getAs("message")).isEqualTo(row.getAs("detail"));
    }
    assertThat(reasons).isEqualTo(BadImageCorpus.BROKEN);
  }

  @Test
  void validVariantsAreScoredAndExactOnesScoreLikeTheOriginal() {
    Map<String, Row> clean = new HashMap<>();
    for (Row row : table(Tables.SAMPLES).filter("epsilon = 0").collectAsList()) {
      String path = row.getAs("image_path");
      clean.put(path.substring(path.lastIndexOf('/') + 1), row);
    }
    assertThat(clean.keySet())
        .containsExactlyInAnyOrder(concat(BadImageCorpus.EXACT, BadImageCorpus.APPROXIMATE));
    Row original = clean.get("original.png");
    for (String exact : BadImageCorpus.EXACT) {
      assertThat(clean.get(exact).<Integer>getAs("prediction"))
          .as(exact)
          .isEqualTo(original.getAs("prediction"));
      assertThat(clean.get(exact).<Float>getAs("confidence"))
          .as(exact)
          .isEqualTo(original.getAs("confidence"));
    }
    for (String near : List.of("rgba.png", "huge.png", "grey.jpg", "really-a-jpeg.png")) {
      assertThat(clean.get(near).<Integer>getAs("prediction"))
          .as(near)
          .isEqualTo(original.getAs("prediction"));
      assertThat(clean.get(near).<Float>getAs("confidence"))
          .as(near)
          .isCloseTo(original.getAs("confidence"), within(0.05f));
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
