package io.robustness.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.Fgsm;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.testing.SampleSet;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageScorerTest {

  private static final List<Double> GRID = List.of(0.0, 0.05, 0.2);
  private static SampleSet sample;
  private static ModelLease lease;
  private static ImagePreprocessor preprocessor;

  @BeforeAll
  static void load() throws Exception {
    sample = SampleSet.fashionMnist();
    lease = ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu());
    preprocessor = new ImagePreprocessor(1, 28, 28, 1L << 26);
  }

  @AfterAll
  static void release() {
    lease.close();
  }

  private static ImageInput<String> encoded(int index) {
    String name = sample.images().get(index);
    return new ImageInput<>(
        name,
        sample.labels()[index],
        -1,
        PixelSource.encoded(name, () -> Files.readAllBytes(sample.root().resolve(name))));
  }

  @Test
  void everyImageComesBackScoredOrFailedAtItsStage() {
    List<ImageInput<String>> inputs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      inputs.add(encoded(i * 40));
    }
    inputs.add(
        2,
        new ImageInput<>(
            "gone.png",
            0,
            -1,
            PixelSource.encoded(
                "gone.png",
                () -> {
                  throw new FileNotFoundException("gone.png");
                })));
    inputs.add(
        5,
        new ImageInput<>(
            "text.png", 0, -1, PixelSource.encoded("text.png", () -> "hello".getBytes())));

    Map<String, ScoredImage<String>> results = new HashMap<>();
    new ImageScorer(new Fgsm(GRID, AttackMode.UNTARGETED), preprocessor, 3)
        .score(lease.model(), inputs.iterator())
        .forEachRemaining(r -> results.put(r.item(), r));

    assertThat(results).hasSize(9);
    ScoredImage.Failed<String> gone = (ScoredImage.Failed<String>) results.get("gone.png");
    assertThat(gone.stage()).isEqualTo(ScoredImage.Stage.READ);
    assertThat(gone.reason()).isEqualTo("FileNotFoundException");
    ScoredImage.Failed<String> text = (ScoredImage.Failed<String>) results.get("text.png");
    assertThat(text.stage().value()).isEqualTo("decode");
    assertThat(text.reason()).isEqualTo("UNRECOGNIZED_FORMAT");
    assertThat(text.message()).contains("text.png");
    for (int i = 0; i < 7; i++) {
      String name = sample.images().get(i * 40);
      ImageOutcome alone =
          new Fgsm(GRID, AttackMode.UNTARGETED)
              .run(lease.model(), sample.batch(i * 40, i * 40 + 1))
              .get(0);
      ImageOutcome scored = ((ScoredImage.Scored<String>) results.get(name)).outcome();
      assertThat(scored.label()).isEqualTo(sample.labels()[i * 40]);
      assertThat(scored.clean().prediction()).isEqualTo(alone.clean().prediction());
      assertThat(scored.perturbed()).extracting(s -> s.epsilon()).containsExactlyElementsOf(GRID);
    }
  }

  @Test
  void keptEpsilonsCarryThePixelsTheModelSaw() {
    ImageScorer scorer =
        new ImageScorer(new Fgsm(GRID, AttackMode.UNTARGETED), preprocessor, 2)
            .keeping(Set.of(0.05));
    List<ScoredImage<String>> results = new ArrayList<>();
    scorer
        .score(lease.model(), List.of(encoded(0), encoded(1), encoded(2)).iterator())
        .forEachRemaining(results::add);
    assertThat(results).hasSize(3);
    for (ScoredImage<String> r : results) {
      ScoredImage.Scored<String> s = (ScoredImage.Scored<String>) r;
      assertThat(s.adversarial()).containsOnlyKeys(0.05);
      float[] before = s.pixels().data();
      float[] after = s.adversarial().get(0.05).data();
      float moved = 0;
      for (int k = 0; k < before.length; k++) {
        moved = Math.max(moved, Math.abs(after[k] - before[k]));
      }
      assertThat(moved).isGreaterThan(0.04f).isLessThanOrEqualTo(0.05f + 1e-6f);
    }
  }

  @Test
  void epsilonsToKeepMustBeOnTheGrid() {
    assertThatThrownBy(
            () ->
                new ImageScorer(new Fgsm(GRID, AttackMode.UNTARGETED), preprocessor, 2)
                    .keeping(Set.of(0.1)))
        .hasMessageContaining("not all on the grid");
  }
}
