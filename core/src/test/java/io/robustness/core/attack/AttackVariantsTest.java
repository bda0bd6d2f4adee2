package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.TorchScriptModel;
import io.robustness.core.testing.SampleSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BIM and PGD against FGSM, seeded reproduction, least-likely targets, the descend direction. */
class AttackVariantsTest {

  private static final List<Double> GRID = List.of(0.0, 0.02, 0.05, 0.1, 0.2);

  /**
   * Images per comparison: the first 150 of each sample set, half of it. The iterative attacks cost
   * 50 to 100 gradient passes an image, and the gaps these tests look for are tens of points wide.
   */
  private static final int IMAGES = 150;

  private static SampleSet sample;
  private static ModelLease lease;
  private static ImageBatch batch;

  @BeforeAll
  static void load() throws Exception {
    sample = SampleSet.fashionMnist();
    lease = ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu());
    batch = sample.batch(0, IMAGES);
  }

  @AfterAll
  static void release() {
    lease.close();
  }

  private static TorchScriptModel model() {
    return lease.model();
  }

  private static AttackSpec spec(AttackKind kind) {
    return new AttackSpec(kind, GRID, AttackMode.UNTARGETED)
        .withIterations(new Iterations(10, 0.25, true, 2, 7));
  }

  private static double[] accuracy(List<ImageOutcome> outcomes) {
    double[] out = new double[GRID.size()];
    for (ImageOutcome o : outcomes) {
      for (int e = 0; e < GRID.size(); e++) {
        out[e] += o.perturbed().get(e).score().correct(o.label()) ? 1.0 / outcomes.size() : 0;
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"fashion-mnist", "mnist"})
  void iterativeAttacksAreAtLeastAsStrongAsFgsmAtEveryEpsilon(String set) throws Exception {
    SampleSet other = SampleSet.load(set);
    try (ModelLease own =
        ModelCache.shared().acquire(other.modelFile(), other.spec(), Device.cpu())) {
      ImageBatch all = other.batch(0, IMAGES);
      double[] fgsm = accuracy(spec(AttackKind.FGSM).create().run(own.model(), all));
      double[] bim = accuracy(spec(AttackKind.BIM).create().run(own.model(), all));
      double[] pgd = accuracy(spec(AttackKind.PGD).create().run(own.model(), all));
      System.out.printf(
          Locale.ROOT,
          "%s accuracy at %s: fgsm %s, bim %s, pgd %s%n",
          set,
          GRID,
          Arrays.toString(fgsm),
          Arrays.toString(bim),
          Arrays.toString(pgd));
      assertThat(bim[0]).isEqualTo(fgsm[0]);
      assertThat(pgd[0]).isEqualTo(fgsm[0]);
      for (int e = 1; e < GRID.size(); e++) {
        assertThat(pgd[e]).as("pgd at %s", GRID.get(e)).isLessThanOrEqualTo(fgsm[e]);
        assertThat(bim[e]).as("bim at %s", GRID.get(e)).isLessThanOrEqualTo(fgsm[e]);
      }
      int stronger = 0;
      for (int e = 1; e < GRID.size(); e++) {
        stronger += pgd[e] < fgsm[e] - 0.02 ? 1 : 0;
      }
      assertThat(stronger).as("epsilons where PGD is clearly stronger").isPositive();
    }
  }

  @Test
  void iterativeStepsStayInTheBallAndTheUnitInterval() {
    for (AttackKind kind : List.of(AttackKind.BIM, AttackKind.PGD)) {
      for (ImageOutcome o : spec(kind).create().run(model(), sample.batch(0, 40))) {
        for (EpsilonScore s : o.perturbed()) {
          assertThat(s.linf())
              .as("%s at %s", kind, s.epsilon())
              .isLessThanOrEqualTo((float) s.epsilon() + 1e-6f);
        }
      }
    }
  }

  @Test
  void aSeededPgdRunReproducesItselfWhateverTheBatching() {
    AttackSpec pgd = spec(AttackKind.PGD);
    long[] keys = new long[60];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 1000 + i;
    }
    ImageBatch whole = withKeys(sample.batch(0, 60), keys, 0);
    List<ImageOutcome> once = pgd.create().run(model(), whole);
    List<ImageOutcome> again = new ArrayList<>();
    for (int from = 0; from < 60; from += 25) {
      int to = Math.min(60, from + 25);
      again.addAll(pgd.create().run(model(), withKeys(sample.batch(from, to), keys, from)));
    }
    // The same random starts; scores equal up to float32 kernels across batch sizes.
    for (int i = 0; i < 60; i++) {
      for (int e = 0; e < GRID.size(); e++) {
        EpsilonScore a = once.get(i).perturbed().get(e);
        EpsilonScore b = again.get(i).perturbed().get(e);
        assertThat(b.linf()).isEqualTo(a.linf());
        assertThat(b.score().prediction()).isEqualTo(a.score().prediction());
      }
    }
    assertThat(pgd.create().run(model(), whole)).isEqualTo(once);
    List<ImageOutcome> otherSeed =
        pgd.withIterations(new Iterations(10, 0.25, true, 2, 8)).create().run(model(), whole);
    assertThat(otherSeed).isNotEqualTo(once);
  }

  private static ImageBatch withKeys(ImageBatch b, long[] keys, int from) {
    return new ImageBatch(
        b.count(),
        b.channels(),
        b.height(),
        b.width(),
        b.pixels(),
        b.labels(),
        b.targets(),
        Arrays.copyOfRange(keys, from, from + b.count()));
  }

  @Test
  void leastLikelyTargetsAreEachImagesLeastProbableClassAndGetReached() {
    int[] targets = new int[batch.count()];
    Arrays.fill(targets, ImageBatch.LEAST_LIKELY);
    ImageBatch leastLikely =
        new ImageBatch(
            batch.count(),
            batch.channels(),
            batch.height(),
            batch.width(),
            batch.pixels(),
            batch.labels(),
            targets);
    List<ImageOutcome> outcomes =
        new AttackSpec(AttackKind.PGD, GRID, AttackMode.TARGETED)
            .withIterations(new Iterations(10, 0.25, true, 1, 0))
            .create()
            .run(model(), leastLikely);
    List<ImageOutcome> reference =
        new Fgsm(List.of(0.0), AttackMode.UNTARGETED).run(model(), batch);
    int reached = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      ImageOutcome o = outcomes.get(i);
      assertThat(o.target()).isBetween(0, 9).isNotEqualTo(reference.get(i).clean().prediction());
      reached += o.perturbed().get(GRID.size() - 1).score().prediction() == o.target() ? 1 : 0;
    }
    // Hard targets, yet at epsilon 0.2 PGD moves most images there.
    assertThat(reached).isGreaterThan(outcomes.size() / 2);
  }

  @Test
  void descendingRaisesTheTrueClassProbability() {
    for (AttackKind kind : List.of(AttackKind.FGSM, AttackKind.BIM)) {
      List<ImageOutcome> outcomes =
          spec(kind).withDirection(Direction.DESCEND).create().run(model(), batch);
      double before =
          outcomes.stream()
              .mapToDouble(o -> o.clean().trueClassProbability())
              .average()
              .orElseThrow();
      double after =
          outcomes.stream()
              .mapToDouble(o -> o.perturbed().get(2).score().trueClassProbability())
              .average()
              .orElseThrow();
      assertThat(after).as(kind.configName()).isGreaterThan(before + 0.02);
    }
  }

  /**
   * Spark interrupts the thread of a task it kills (a cancelled job, a stopping process): an
   * iterative attack with a million steps must end within a step, not hours later.
   */
  @Test
  void anIterativeAttackStopsWhenItsThreadIsInterrupted() throws Exception {
    AttackSpec endless =
        new AttackSpec(AttackKind.BIM, List.of(0.1), AttackMode.UNTARGETED)
            .withIterations(new Iterations(1_000_000, 0.25, false, 1, 7));
    ImageBatch eight = sample.batch(0, 8);
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<Throwable> ended =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              started.countDown();
              try {
                endless.create().run(model(), eight);
              } catch (Throwable t) {
                ended.set(t);
              }
            });
    worker.start();
    started.await();
    worker.interrupt();
    worker.join(java.time.Duration.ofMinutes(2).toMillis());
    assertThat(worker.isAlive()).as("still attacking after the interrupt").isFalse();
    assertThat(ended.get()).isInstanceOf(java.util.concurrent.CancellationException.class);
  }
}
