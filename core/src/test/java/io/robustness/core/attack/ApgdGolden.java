package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.testing.RequestedKernels;
import io.robustness.core.testing.SampleSet;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * APGD against its authors' implementation ({@code golden-apgd.csv}: fra31/auto-attack's {@code
 * APGDAttack.attack_single_run}, run by {@code sample-data/generate.py --apgd-golden} with Debian's
 * PyTorch 1.13 from the very random starts this core draws, which the script reproduces bit for
 * bit): 20 steps, one run, seed 0, per image whether any iterate fooled the model. Per loss and
 * epsilon, the accuracy must lie within 1 percentage point of the reference's, and at least 95% of
 * the images must get the reference's verdict (float32 kernels differ, and a flipped gradient sign
 * near zero compounds over 20 steps, so not all).
 *
 * <p>One test class per sample set ({@link ApgdGoldenFashionMnistTest}, {@link
 * ApgdGoldenMnistTest}), so that each kernel run's two test JVMs share the work.
 */
final class ApgdGolden {

  private static final int ACCURACY_TOLERANCE_PERCENT = 1;
  private static final double MIN_AGREEMENT = 0.95;

  private ApgdGolden() {}

  /** One golden row: the reference's verdict for an image at an epsilon. */
  private record Verdict(double epsilon, int steps, String image, boolean robust) {}

  static void judge(String set, String kindName) throws Exception {
    SampleSet sample = SampleSet.load(set);
    AttackKind kind = AttackKind.parse(kindName).orElseThrow();
    Map<Double, List<Verdict>> reference = new LinkedHashMap<>();
    for (String line : Files.readAllLines(sample.root().resolve("golden-apgd.csv"))) {
      String[] f = line.split(",");
      if (f[0].equals(kindName)) {
        Verdict v =
            new Verdict(Double.parseDouble(f[1]), Integer.parseInt(f[2]), f[3], f[4].equals("1"));
        reference.computeIfAbsent(v.epsilon(), e -> new ArrayList<>()).add(v);
      }
    }
    List<Double> epsilons = List.copyOf(reference.keySet());
    int steps = reference.get(epsilons.get(0)).get(0).steps();
    // The script keyed each image by its position in the set, as one batch of the whole set is.
    List<String> order = reference.get(epsilons.get(0)).stream().map(Verdict::image).toList();
    assertThat(order).isEqualTo(sample.images());
    AttackSpec spec =
        kind.shape(
            new AttackSpec(kind, epsilons, AttackMode.UNTARGETED)
                .withIterations(new Iterations(steps, 1.0, true, 1, 0)));
    List<ImageOutcome> outcomes;
    try (ModelLease lease =
        ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
      outcomes = spec.create().run(lease.model(), sample.batch(0, sample.size()));
    }
    List<String> lines = new ArrayList<>();
    boolean agree = true;
    for (int e = 0; e < epsilons.size(); e++) {
      List<Verdict> theirs = reference.get(epsilons.get(e));
      int same = 0;
      int ourRobust = 0;
      int theirRobust = 0;
      for (int i = 0; i < outcomes.size(); i++) {
        ImageOutcome o = outcomes.get(i);
        boolean robust = o.perturbed().get(e).score().correct(o.label());
        ourRobust += robust ? 1 : 0;
        theirRobust += theirs.get(i).robust() ? 1 : 0;
        same += robust == theirs.get(i).robust() ? 1 : 0;
      }
      double ours = (double) ourRobust / outcomes.size();
      double refs = (double) theirRobust / outcomes.size();
      double agreement = (double) same / outcomes.size();
      // In whole images, so that exactly 1 point (3 of 300) is within it, whatever the rounding.
      boolean ok =
          Math.abs(ourRobust - theirRobust) * 100 <= ACCURACY_TOLERANCE_PERCENT * outcomes.size()
              && agreement >= MIN_AGREEMENT;
      agree &= ok;
      lines.add(
          String.format(
              Locale.ROOT,
              "golden %s %s %d steps [%s] epsilon %s: accuracy %.4f vs reference %.4f,"
                  + " %d/%d images with the reference's verdict (%.2f%%)%s",
              set,
              kindName,
              steps,
              RequestedKernels.describe(),
              epsilons.get(e),
              ours,
              refs,
              same,
              outcomes.size(),
              100 * agreement,
              ok ? "" : "  <-- outside the tolerance"));
    }
    lines.forEach(System.out::println);
    assertThat(agree).as(String.join("\n", lines)).isTrue();
  }
}
