package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.testing.SampleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * FGSM's exact flip epsilons, checked by running FGSM at them, one tolerance above and one below.
 */
class FlipSearchTest {

  private static final List<Double> GRID = List.of(0.0, 0.05, 0.1, 0.2, 0.4);
  private static final double TOLERANCE = 0.001;

  @Test
  void eachExactFlipIsABoundaryWithinTheToleranceInsideItsGridInterval() throws Exception {
    SampleSet sample = SampleSet.fashionMnist();
    try (ModelLease lease =
        ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
      // A third of the sample: the probes below are one forward per distinct epsilon.
      ImageBatch batch = sample.batch(0, 100);
      AttackSpec searching =
          new AttackSpec(AttackKind.FGSM, GRID, AttackMode.UNTARGETED)
              .withFlipSearch(new FlipSearch(true, TOLERANCE));
      List<ImageOutcome> found = searching.create().run(lease.model(), batch);

      // Every boundary, and a point one tolerance below it, as one grid over the same batch
      // (the same gradient, so the same direction).
      TreeSet<Double> probes = new TreeSet<>();
      List<Integer> searched = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        ImageOutcome o = found.get(i);
        double grid = o.flipEpsilon().orElse(Double.NaN);
        if (Double.isNaN(grid)) {
          assertThat(o.exactFlipEpsilon()).as("image %d never flips on the grid", i).isNaN();
        } else if (grid == 0) {
          assertThat(o.exactFlipEpsilon()).as("image %d is wrong when clean", i).isZero();
        } else {
          double lower = GRID.get(GRID.indexOf(grid) - 1);
          assertThat(o.exactFlipEpsilon()).isGreaterThan(lower).isLessThanOrEqualTo(grid);
          probes.add(o.exactFlipEpsilon());
          probes.add(Math.max(0, o.exactFlipEpsilon() - TOLERANCE));
          probes.add(Math.min(1, o.exactFlipEpsilon() + TOLERANCE));
          searched.add(i);
        }
      }
      assertThat(searched).as("images the search bisected").hasSizeGreaterThan(70);
      AttackSpec probing =
          new AttackSpec(AttackKind.FGSM, List.copyOf(probes), AttackMode.UNTARGETED);
      List<ImageOutcome> probed = probing.create().run(lease.model(), batch);
      int flippedAt = 0;
      int flippedAbove = 0;
      int keptBelow = 0;
      for (int i : searched) {
        double at = found.get(i).exactFlipEpsilon();
        int label = batch.labels()[i];
        List<EpsilonScore> scores = probed.get(i).perturbed();
        flippedAt += scores.get(probing.indexOf(at)).score().prediction() != label ? 1 : 0;
        double above = Math.min(1, at + TOLERANCE);
        flippedAbove += scores.get(probing.indexOf(above)).score().prediction() != label ? 1 : 0;
        double below = Math.max(0, at - TOLERANCE);
        keptBelow += scores.get(probing.indexOf(below)).score().prediction() == label ? 1 : 0;
      }
      System.out.printf(
          Locale.ROOT,
          "flip search: %d images bisected; FGSM flips %d at the boundary and %d one tolerance"
              + " above, keeps the label of %d one tolerance below%n",
          searched.size(),
          flippedAt,
          flippedAbove,
          keptBelow);
      // The bisection steps pixels in Java, FGSM in libtorch: a rounding may move a rare image.
      assertThat(flippedAt).isGreaterThanOrEqualTo((int) Math.ceil(searched.size() * 0.99));
      // Around the boundary the loss along the direction need not be monotonic; nearly always is.
      assertThat(flippedAbove).isGreaterThanOrEqualTo((int) Math.ceil(searched.size() * 0.95));
      assertThat(keptBelow).isGreaterThanOrEqualTo((int) Math.ceil(searched.size() * 0.95));
    }
  }
}
