package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each attack-failure check tripped by a model built to trip it ({@code sample-data/masked}, one
 * linear classifier three ways), on 60 Fashion-MNIST images: rounded inputs (no gradient at all),
 * logits times 1000 (a saturated softmax) and a reversed gradient (descending hurts).
 */
class AttackChecksAuditTest {

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path images;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTestSession.start();
    images = SampleSubset.copy("fashion-mnist", 6, dir.resolve("images"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** "attack check epsilon" of every failed check of an audit of {@code model}. */
  private static List<String> failed(String model, String runId, String... sets) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("robustness.dataset.uri=" + images);
    all.add("robustness.model.uri=" + Samples.data("masked").resolve(model));
    all.add("robustness.attack.kinds=[fgsm, bim]");
    all.add("robustness.attack.epsilons=[0, 0.1, 0.3]");
    all.add("robustness.report.enabled=false");
    all.addAll(List.of(sets));
    AuditResult result =
        AuditJob.run(
            spark,
            Samples.settings("masked", dir.resolve("out"), runId, all.toArray(String[]::new)));
    return result.failedChecks().stream()
        .map(c -> c.attack() + " " + c.check() + " " + c.epsilon())
        .toList();
  }

  @Test
  void roundedInputsHaveNoGradientAndNoAttackMovesThem() throws Exception {
    assertThat(failed("model.pt", "rounded"))
        .contains(
            "fgsm zero-gradient null",
            "bim zero-gradient null",
            "bim unbounded-attack 0.3",
            "bim loss-not-increased 0.1")
        .noneMatch(c -> c.contains("saturated-softmax"));
  }

  @Test
  void logitsTimesAThousandSaturateTheSoftmax() throws Exception {
    assertThat(failed("saturated.pt", "saturated"))
        .contains("fgsm saturated-softmax null", "bim saturated-softmax null");
  }

  @Test
  void aReversedGradientMakesDescendingHurt() throws Exception {
    assertThat(failed("reversed.pt", "reversed", "robustness.attack.direction=descend"))
        .contains(
            "fgsm descend-lowers-accuracy 0.1",
            "fgsm descend-lowers-accuracy 0.3",
            "bim descend-lowers-accuracy 0.1")
        .noneMatch(c -> c.contains("zero-gradient") || c.contains("saturated"));
  }
}
