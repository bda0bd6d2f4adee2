package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.TorchScriptModel;
import io.robustness.core.testing.SampleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FgsmPropertiesTest {

  private static final List<Double> GRID = List.of(0.0, 0.02, 0.1, 0.3);
  private static SampleSet sample;
  private static ModelLease lease;
  private static ImageBatch batch;

  @BeforeAll
  static void load() throws Exception {
    sample = SampleSet.fashionMnist();
    lease = ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu());
    batch = sample.batch(0, sample.size());
  }

  @AfterAll
  static void release() {
    lease.close();
  }

  private static TorchScriptModel model() {
    return lease.model();
  }

  @Test
  void epsilonZeroGivesTheCleanScores() {
    for (ImageOutcome outcome : new Fgsm(GRID, AttackMode.UNTARGETED).run(model(), batch)) {
      EpsilonScore zero = outcome.perturbed().get(0);
      assertThat(zero.score().prediction()).isEqualTo(outcome.clean().prediction());
      assertThat(zero.score().confidence())
          .isCloseTo(outcome.clean().confidence(), org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(zero.linf()).isZero();
      assertThat(zero.l2()).isZero();
    }
  }

  @Test
  void adversarialPixelsStayInTheUnitIntervalAndWithinEpsilon() {
    AttackResult result =
        new Fgsm(GRID, AttackMode.UNTARGETED).run(model(), batch, Set.copyOf(GRID));
    assertThat(result.kept()).containsOnlyKeys(GRID);
    for (double eps : GRID) {
      float[] adversarial = result.kept().get(eps);
      int moved = 0;
      for (int i = 0; i < adversarial.length; i++) {
        float original = batch.pixels()[i];
        assertThat(adversarial[i]).isBetween(0f, 1f);
        assertThat(Math.abs(adversarial[i] - original)).isLessThanOrEqualTo((float) eps + 1e-6f);
        moved += adversarial[i] != original ? 1 : 0;
      }
      if (eps > 0) {
        assertThat(moved).as("pixels moved at eps %s", eps).isGreaterThan(adversarial.length / 4);
      }
    }
  }

  @Test
  void realizedNormsMatchTheStep() {
    List<ImageOutcome> outcomes = new Fgsm(GRID, AttackMode.UNTARGETED).run(model(), batch);
    int pixels = sample.spec().pixelsPerImage();
    for (ImageOutcome outcome : outcomes) {
      for (EpsilonScore s : outcome.perturbed()) {
        assertThat(s.linf()).isLessThanOrEqualTo((float) s.epsilon() + 1e-6f);
        assertThat(s.l2()).isLessThanOrEqualTo((float) (s.epsilon() * Math.sqrt(pixels)) + 1e-4f);
      }
    }
  }

  @Test
  void largerStepsLowerAccuracy() {
    List<ImageOutcome> outcomes = new Fgsm(GRID, AttackMode.UNTARGETED).run(model(), batch);
    double clean = accuracy(outcomes, 0);
    double strong = accuracy(outcomes, 2);
    assertThat(clean).isGreaterThan(0.85);
    assertThat(strong).isLessThan(clean - 0.3);
  }

  /** The seeds' check: stepping down the loss of the true class makes the model more sure of it. */
  @Test
  void minusGradientStepRaisesTrueClassConfidence() {
    int[] labels = batch.labels();
    ImageBatch towardTruth =
        new ImageBatch(
            batch.count(),
            batch.channels(),
            batch.height(),
            batch.width(),
            batch.pixels(),
            labels,
            labels);
    List<ImageOutcome> outcomes =
        new Fgsm(List.of(0.0, 0.05), AttackMode.TARGETED).run(model(), towardTruth);
    double before =
        outcomes.stream()
            .mapToDouble(o -> o.clean().trueClassProbability())
            .average()
            .orElseThrow();
    double after =
        outcomes.stream()
            .mapToDouble(o -> o.perturbed().get(1).score().trueClassProbability())
            .average()
            .orElseThrow();
    assertThat(after).isGreaterThan(before + 0.02);
  }

  @Test
  void targetedAttackReachesTargets() {
    List<ImageOutcome> outcomes = new Fgsm(GRID, AttackMode.TARGETED).run(model(), batch);
    long hitsAtZero =
        outcomes.stream()
            .filter(o -> o.perturbed().get(0).score().prediction() == o.target())
            .count();
    long hitsAtLarge =
        outcomes.stream()
            .filter(o -> o.perturbed().get(2).score().prediction() == o.target())
            .count();
    assertThat(hitsAtLarge).isGreaterThan(hitsAtZero + outcomes.size() / 10);
  }

  @Test
  void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
    Fgsm fgsm = new Fgsm(GRID, AttackMode.UNTARGETED);
    List<ImageBatch> batches = new ArrayList<>();
    for (int from = 0; from < sample.size(); from += 50) {
      batches.add(sample.batch(from, Math.min(sample.size(), from + 50)));
    }
    List<List<ImageOutcome>> sequential = new ArrayList<>();
    for (ImageBatch b : batches) {
      sequential.add(fgsm.run(model(), b));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<List<ImageOutcome>>> futures = new ArrayList<>();
        for (ImageBatch b : batches) {
          futures.add(pool.submit(() -> fgsm.run(model(), b)));
        }
        for (int i = 0; i < batches.size(); i++) {
          assertThat(futures.get(i).get()).isEqualTo(sequential.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void batchesReleaseTheirNativeArrays() {
    Fgsm fgsm = new Fgsm(GRID, AttackMode.UNTARGETED);
    ImageBatch small = sample.batch(0, 16);
    int before = model().liveArrays();
    for (int i = 0; i < 50; i++) {
      fgsm.run(model(), small);
      fgsm.run(model(), small, Set.copyOf(GRID));
    }
    assertThat(model().liveArrays()).isEqualTo(before);
  }

  @Test
  void labelsOutsideTheClassListAreRefused() {
    int[] bad = batch.labels().clone();
    bad[3] = 10;
    ImageBatch wrong =
        new ImageBatch(
            batch.count(),
            batch.channels(),
            batch.height(),
            batch.width(),
            batch.pixels(),
            bad,
            bad);
    assertThatThrownBy(() -> new Fgsm(GRID, AttackMode.UNTARGETED).run(model(), wrong))
        .hasMessageContaining("label 10 of image 3");
  }

  @Test
  void stackedForwardsScoreLikeOneForwardPerEpsilon() {
    List<Double> grid = List.of(0.0, 0.02, 0.05, 0.1, 0.2, 0.3);
    ImageBatch small = sample.batch(0, 100);
    List<ImageOutcome> each =
        new AttackSpec(AttackKind.FGSM, grid, AttackMode.UNTARGETED)
            .withStacking(Stacking.PER_EPSILON, 2048)
            .create()
            .run(model(), small);
    // 250 images per forward: the six copies of 100 images go through in three forwards of two.
    List<ImageOutcome> stacked =
        new AttackSpec(AttackKind.FGSM, grid, AttackMode.UNTARGETED)
            .withStacking(Stacking.STACKED, 250)
            .create()
            .run(model(), small);
    int disagreements = 0;
    for (int i = 0; i < each.size(); i++) {
      for (int e = 0; e < grid.size(); e++) {
        EpsilonScore a = each.get(i).perturbed().get(e);
        EpsilonScore b = stacked.get(i).perturbed().get(e);
        assertThat(b.epsilon()).isEqualTo(a.epsilon());
        assertThat(b.linf()).isEqualTo(a.linf());
        assertThat(b.l2()).isEqualTo(a.l2());
        // The same input through a larger batch: float32 kernels may round differently.
        assertThat(b.score().confidence())
            .isCloseTo(a.score().confidence(), org.assertj.core.data.Offset.offset(1e-4f));
        disagreements += a.score().prediction() == b.score().prediction() ? 0 : 1;
      }
    }
    assertThat(disagreements).isLessThanOrEqualTo(1);
  }

  @Test
  void keptPixelsOfOneImageAreItsSliceOfTheBatch() {
    ImageBatch small = sample.batch(0, 4);
    AttackResult result =
        new Fgsm(GRID, AttackMode.UNTARGETED).run(model(), small, Set.of(GRID.get(2)));
    int per = sample.spec().pixelsPerImage();
    float[] image2 = result.adversarial(2, GRID.get(2)).data();
    for (int k = 0; k < per; k++) {
      assertThat(image2[k]).isEqualTo(result.kept().get(GRID.get(2))[2 * per + k]);
    }
    assertThatThrownBy(() -> result.adversarial(0, GRID.get(1)))
        .hasMessageContaining("were not kept");
  }

  @Test
  void epsilonsOutsideTheUnitIntervalAreRefused() {
    assertThatThrownBy(() -> new Fgsm(List.of(0.1, 1.5), AttackMode.UNTARGETED))
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> new Fgsm(List.of(-0.1), AttackMode.UNTARGETED))
        .hasMessageContaining("-0.1");
  }

  private static double accuracy(List<ImageOutcome> outcomes, int epsilonIndex) {
    return outcomes.stream()
            .filter(o -> o.perturbed().get(epsilonIndex).score().correct(o.label()))
            .count()
        / (double) outcomes.size();
  }
}
