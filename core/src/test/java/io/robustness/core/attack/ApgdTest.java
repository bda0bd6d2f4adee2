package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.testing.SampleSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** APGD's own logic: the oscillation test, its random starts, what it returns per image. */
class ApgdTest {

  @Test
  void anImageOscillatesWhenItsLossRoseInAtMostThreeQuartersOfTheLastSteps() {
    // Two images, five steps; the check at step 3 looks back k = 4 steps (3, 2, 1, 0 and, before
    // step 0, the last row, still empty: zero, as the reference's index -1 reads it).
    float[][] losses = new float[5][];
    losses[0] = new float[] {1f, 1f};
    losses[1] = new float[] {2f, 0.5f};
    losses[2] = new float[] {3f, 0.6f};
    losses[3] = new float[] {4f, 0.4f};
    // Image 0 rose at every step (4 of 4 > 3): not oscillating. Image 1 rose at steps 0 and 2 (2 of
    // 4 <= 3): oscillating.
    assertThat(Apgd.oscillating(losses, 3, 4)).containsExactly(false, true);
    // Three rises of four is exactly 75%: oscillating (at most, as the reference's <=).
    losses[4] = new float[] {3.5f, 0.7f};
    assertThat(Apgd.oscillating(losses, 4, 4)).containsExactly(true, true);
  }

  /** Images {@code from} to {@code to} of the sample, keyed by their index in it. */
  private static ImageBatch keyed(SampleSet sample, int from, int to) {
    List<io.robustness.core.image.PixelImage> pixels = new java.util.ArrayList<>();
    int[] labels = new int[to - from];
    long[] keys = new long[to - from];
    for (int i = from; i < to; i++) {
      pixels.add(sample.pixels(i));
      labels[i - from] = sample.labels()[i];
      keys[i - from] = i;
    }
    return ImageBatch.of(pixels, labels, null, keys);
  }

  @Test
  void randomStartsDependOnTheImageNotOnItsBatch() {
    SampleSet sample = SampleSet.fashionMnist();
    int per = 28 * 28;
    float[] all = RandomStarts.uniform(keyed(sample, 0, 6), 5, 17, 0, 0.1, u -> u);
    float[] tail = RandomStarts.uniform(keyed(sample, 3, 6), 5, 17, 0, 0.1, u -> u);
    // Compared as booleans: a failure must not print thousands of floats.
    assertThat(Arrays.equals(Arrays.copyOfRange(all, 3 * per, 6 * per), tail)).isTrue();
    assertThat(
            Arrays.equals(RandomStarts.uniform(keyed(sample, 3, 6), 5, 18, 0, 0.1, u -> u), tail))
        .as("another salt")
        .isFalse();
    assertThat(
            Arrays.equals(RandomStarts.uniform(keyed(sample, 3, 6), 5, 17, 1, 0.1, u -> u), tail))
        .as("another restart")
        .isFalse();
  }

  @Test
  void staysInTheBallFoolsAtLeastAsOftenAsItsStartAndReproducesItself() throws Exception {
    SampleSet sample = SampleSet.fashionMnist();
    List<Double> grid = List.of(0.0, 0.05, 0.1);
    AttackSpec spec =
        AttackKind.APGD_DLR.shape(
            new AttackSpec(AttackKind.APGD_DLR, grid, AttackMode.UNTARGETED)
                .withIterations(new Iterations(10, 1.0, true, 2, 3)));
    try (ModelLease lease =
        ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
      List<ImageOutcome> first = spec.create().run(lease.model(), sample.batch(0, 40));
      List<ImageOutcome> again = spec.create().run(lease.model(), sample.batch(0, 40));
      assertThat(again).isEqualTo(first);
      for (ImageOutcome o : first) {
        for (int e = 0; e < grid.size(); e++) {
          assertThat(o.perturbed().get(e).linf()).isLessThanOrEqualTo((float) (grid.get(e) + 1e-6));
        }
      }
      long fooled01 =
          first.stream().filter(o -> !o.perturbed().get(2).score().correct(o.label())).count();
      long fooled005 =
          first.stream().filter(o -> !o.perturbed().get(1).score().correct(o.label())).count();
      // A larger ball holds the smaller one's points: no fewer images fooled (up to chance of the
      // random start, which the restarts make rare on 40 images).
      assertThat(fooled01).isGreaterThanOrEqualTo(fooled005);
      assertThat(fooled01).isGreaterThan(first.stream().filter(o -> !o.initiallyCorrect()).count());
    }
  }
}
