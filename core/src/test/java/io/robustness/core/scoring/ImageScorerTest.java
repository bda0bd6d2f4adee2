package io.robustness.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.Fgsm;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.image.FailureReason;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
            "text.png",
            "text.png",
            0,
            -1,
            PixelSource.encoded("text.png", () -> "hello".getBytes())));

    Map<String, ScoredImage<String>> results = new HashMap<>();
    new ImageScorer(new Fgsm(GRID, AttackMode.UNTARGETED), preprocessor, 3)
        .score(lease.model(), inputs.iterator())
        .forEachRemaining(r -> results.put(r.item(), r));

    assertThat(results).hasSize(9);
    ScoredImage.Failed<String> gone = (ScoredImage.Failed<String>) results.get("gone.png");
    assertThat(gone.stage()).isEqualTo(ScoredImage.Stage.READ);
    assertThat(gone.reason()).isEqualTo(FailureReason.NOT_FOUND);
    ScoredImage.Failed<String> text = (ScoredImage.Failed<String>) results.get("text.png");
    assertThat(text.stage().value()).isEqualTo("decode");
    assertThat(text.reason()).isEqualTo(FailureReason.UNRECOGNIZED_FORMAT);
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
      assertThat(s.attacks().get(0).adversarial()).containsOnlyKeys(0.05);
      float[] before = s.pixels().data();
      float[] after = s.attacks().get(0).adversarial().get(0.05).data();
      float moved = 0;
      for (int k = 0; k < before.length; k++) {
        moved = Math.max(moved, Math.abs(after[k] - before[k]));
      }
      assertThat(moved).isGreaterThan(0.04f).isLessThanOrEqualTo(0.05f + 1e-6f);
    }
  }

  @Test
  void readingAheadGivesTheSameResultsInTheSameOrder() {
    List<ImageInput<String>> inputs = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      inputs.add(encoded(i * 13));
    }
    ImageScorer inline = new ImageScorer(new Fgsm(GRID, AttackMode.UNTARGETED), preprocessor, 5);
    List<ScoredImage<String>> expected = new ArrayList<>();
    List<ScoredImage<String>> ahead = new ArrayList<>();
    try (ScoredImages<String> a = inline.score(lease.model(), inputs.iterator());
        ScoredImages<String> b = inline.readingAhead(4).score(lease.model(), inputs.iterator())) {
      a.forEachRemaining(expected::add);
      b.forEachRemaining(ahead::add);
    }
    assertThat(ahead)
        .extracting(ScoredImage::item)
        .containsExactlyElementsOf(inputs.stream().map(ImageInput::item).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(((ScoredImage.Scored<String>) ahead.get(i)).outcome())
          .isEqualTo(((ScoredImage.Scored<String>) expected.get(i)).outcome());
    }
  }

  @Test
  void readsRunConcurrentlyUpToTheReadConcurrency() throws Exception {
    int threads = 4;
    CountDownLatch allStarted = new CountDownLatch(threads);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<ImageInput<String>> inputs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String name = sample.images().get(i);
      PixelSource.ByteSource slow =
          () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            allStarted.countDown();
            try {
              // Each read waits until `threads` reads are in flight at once: only concurrent
              // readers get past this.
              if (!allStarted.await(30, TimeUnit.SECONDS)) {
                throw new java.io.IOException("reads did not run concurrently");
              }
              return Files.readAllBytes(sample.root().resolve(name));
            } catch (InterruptedException e) {
              throw new java.io.IOException(e);
            } finally {
              running.decrementAndGet();
            }
          };
      inputs.add(
          new ImageInput<>(name, name, sample.labels()[i], -1, PixelSource.encoded(name, slow)));
    }
    List<ScoredImage<String>> results = new ArrayList<>();
    try (ScoredImages<String> scored =
        new ImageScorer(new Fgsm(GRID, AttackMode.UNTARGETED), preprocessor, 3)
            .readingAhead(threads)
            .score(lease.model(), inputs.iterator())) {
      scored.forEachRemaining(results::add);
    }
    assertThat(results).allMatch(r -> r instanceof ScoredImage.Scored);
    assertThat(most.get()).isEqualTo(threads);
  }

  @Test
  void anUncheckedFailureWhileReadingAheadFailsTheCaller() {
    ImageInput<String> broken =
        new ImageInput<>(
            "broken",
            "broken",
            0,
            -1,
            PixelSource.encoded(
                "broken",
                () -> {
                  throw new IllegalStateException("disk on fire");
                }));
    try (ScoredImages<String> scored =
        new ImageScorer(new Fgsm(GRID, AttackMode.UNTARGETED), preprocessor, 3)
            .readingAhead(2)
            .score(lease.model(), List.of(encoded(0), broken, encoded(1)).iterator())) {
      assertThatThrownBy(() -> scored.forEachRemaining(r -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("disk on fire");
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
