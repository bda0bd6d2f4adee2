package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.testing.GoldenJudge;
import io.robustness.core.testing.GoldenPair;
import io.robustness.core.testing.GoldenRow;
import io.robustness.core.testing.GoldenTest;
import io.robustness.core.testing.GradientSigns;
import io.robustness.core.testing.RequestedKernels;
import io.robustness.core.testing.SampleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core's FGSM against PyTorch's own results ({@code sample-data/generate.py}), judged by {@link
 * GoldenJudge}. PyTorch's gradient signs, stored beside the golden file, tell exactly which
 * image-epsilon pairs got PyTorch's adversarial input; those must match tightly.
 */
@GoldenTest
class GoldenAgreementTest {

  private static final int BATCH = 64;

  /**
   * Signs may differ where a gradient component is near zero, where a max-pool window ties, or on
   * an image so confidently classified that its whole gradient is below float32's resolution; a
   * wrong gradient gets about half of them wrong. Measured: at most 0.8% differ (MNIST, default
   * kernels).
   */
  private static final double MIN_SIGN_AGREEMENT = 0.98;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("fashion-mnist", AttackMode.UNTARGETED),
        Arguments.of("fashion-mnist", AttackMode.TARGETED),
        Arguments.of("mnist", AttackMode.UNTARGETED),
        Arguments.of("mnist", AttackMode.TARGETED));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesPyTorch(String set, AttackMode mode) throws Exception {
    SampleSet sample = SampleSet.load(set);
    String modeName = mode.name().toLowerCase(Locale.ROOT);
    List<GoldenRow> golden = GoldenRow.read(sample.golden(), modeName);
    List<Double> epsilons = golden.stream().map(GoldenRow::epsilon).distinct().toList();
    assertThat(golden).hasSize(sample.size() * epsilons.size());

    Attacked attacked = attackAll(sample, new Fgsm(epsilons, mode));
    GradientSigns torchSigns = GradientSigns.read(sample.root().resolve("gradient-signs.csv.gz"));
    SignComparison signs = new SignComparison(sample, attacked, torchSigns, modeName, mode);
    List<GoldenPair> pairs = new ArrayList<>();
    for (GoldenRow row : golden) {
      int image = sample.images().indexOf(row.image());
      int e = epsilons.indexOf(row.epsilon());
      Score got = attacked.outcomes().get(image).perturbed().get(e).score();
      pairs.add(GoldenPair.of(row, got, signs.sameInput(image, row.epsilon())));
    }
    System.out.printf(
        Locale.ROOT,
        "golden %s %s gradient signs: %d/%d agree with PyTorch's (%.4f%%), in %d of %d images all%n",
        set,
        mode,
        signs.agreeing(),
        signs.total(),
        100 * signs.agreement(),
        signs.imagesAllAgreeing(),
        sample.size());
    assertThat(signs.agreement()).isGreaterThanOrEqualTo(MIN_SIGN_AGREEMENT);
    GoldenJudge.judge(set + " " + mode, pairs);
  }

  /** Our outcomes in sample order, and the loss gradient each batch was attacked with. */
  record Attacked(List<ImageOutcome> outcomes, float[] gradient, float[] pixels) {}

  private static Attacked attackAll(SampleSet sample, Fgsm fgsm) throws Exception {
    int per = sample.spec().pixelsPerImage();
    List<ImageOutcome> outcomes = new ArrayList<>();
    float[] gradient = new float[sample.size() * per];
    float[] pixels = new float[sample.size() * per];
    try (ModelLease lease =
        ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
      for (int from = 0; from < sample.size(); from += BATCH) {
        int to = Math.min(sample.size(), from + BATCH);
        ImageBatch batch = sample.batch(from, to);
        int offset = from * per;
        System.arraycopy(batch.pixels(), 0, pixels, offset, batch.pixels().length);
        outcomes.addAll(
            fgsm.run(
                    lease.model(),
                    batch,
                    Set.of(),
                    g -> System.arraycopy(g, 0, gradient, offset, g.length))
                .outcomes());
      }
    }
    return new Attacked(outcomes, gradient, pixels);
  }

  /**
   * Our gradient signs against PyTorch's, pixel by pixel; a pair saw PyTorch's input when every
   * differing sign clips to the same pixel value at its epsilon.
   */
  private static final class SignComparison {
    private final int per;
    private final float direction;
    private final float[] pixels;
    private final List<List<int[]>> differing =
        new ArrayList<>(); // per image: {index, ours, torch}
    private int agreeing;

    SignComparison(
        SampleSet sample,
        Attacked attacked,
        GradientSigns torch,
        String modeName,
        AttackMode mode) {
      this.per = sample.spec().pixelsPerImage();
      this.direction = mode == AttackMode.TARGETED ? -1f : 1f;
      this.pixels = attacked.pixels();
      for (int i = 0; i < sample.size(); i++) {
        List<int[]> here = new ArrayList<>();
        for (int k = 0; k < per; k++) {
          int ours = (int) Math.signum(attacked.gradient()[i * per + k]);
          int theirs = torch.sign(sample.images().get(i), modeName, k);
          if (ours == theirs) {
            agreeing++;
          } else {
            here.add(new int[] {k, ours, theirs});
          }
        }
        differing.add(here);
      }
    }

    boolean sameInput(int image, double epsilon) {
      float step = (float) epsilon * direction;
      for (int[] d : differing.get(image)) {
        float x = pixels[image * per + d[0]];
        if (clip(x + step * d[1]) != clip(x + step * d[2])) {
          return false;
        }
      }
      return true;
    }

    private static float clip(float v) {
      return Math.min(1f, Math.max(0f, v));
    }

    int agreeing() {
      return agreeing;
    }

    int total() {
      return differing.size() * per;
    }

    double agreement() {
      return (double) agreeing / total();
    }

    long imagesAllAgreeing() {
      return differing.stream().filter(List::isEmpty).count();
    }
  }

  static {
    // Printed once per JVM, so a log shows which kernels the figures below came from.
    System.out.println("golden tests: " + RequestedKernels.describe());
  }
}
