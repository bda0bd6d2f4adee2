package io.robustness.core.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;

/**
 * Judges our scores against PyTorch's golden ones as float32 allows, and would still fail if the
 * attack were wrong.
 *
 * <p>libtorch picks float32 kernels per CPU ({@code ATEN_CPU_CAPABILITY}: default, avx2, avx512).
 * The same input then gets the same prediction and probabilities to about 1e-6; but a gradient
 * component near zero, or a max-pool window whose two largest inputs tie, can take the other sign,
 * so a few images get a different adversarial input than PyTorch built, and their scores at that
 * epsilon may differ by a lot. Hence:
 *
 * <ol>
 *   <li>every pair that saw exactly PyTorch's input (all of epsilon 0, where no gradient is
 *       involved, and others known to be identical): same prediction, confidence and true-class
 *       probability within {@value #SAME_INPUT};
 *   <li>all pairs: predictions agree for at least 99%, confidences within {@value #CLOSE} for at
 *       least 90%. Not 99%: on the MNIST sample, 41 to 44 of 300 images get at least one pixel's
 *       sign from another kernel set (mostly images classified so surely that the true class's
 *       probability rounds to 1 and their whole gradient is float32 noise, and max-pool ties), and
 *       4.3% of all pairs then differ by more than {@value #CLOSE} (default kernels, measured);
 *   <li>per epsilon: the count of correct predictions differs by no more than the pairs whose input
 *       may differ, and by at most {@value #CURVE} of the images; the mean confidence moves by no
 *       more than those pairs can move it (1/n each, {@value #CURVE} at most) plus {@value
 *       #SAME_INPUT}.
 * </ol>
 */
public final class GoldenJudge {

  public static final float SAME_INPUT = 1e-4f;
  static final double MIN_AGREEMENT = 0.99;
  static final float CLOSE = 1e-3f;
  static final double MIN_CLOSE = 0.90;
  public static final double CURVE = 0.02;

  private GoldenJudge() {}

  /** Prints the verdict line and fails with every broken rule listed. */
  public static void judge(String name, List<GoldenPair> pairs) {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(pairs).as(name + ": pairs").isNotEmpty();
    Verdict verdict = Verdict.of(pairs);
    System.out.println("golden " + name + " [" + RequestedKernels.describe() + "]: " + verdict);
    for (GoldenPair p : pairs) {
      if (p.sameInput()) {
        String what = name + " " + p.golden().image() + " at " + p.golden().epsilon();
        soft.assertThat(p.prediction())
            .as(what + ": prediction")
            .isEqualTo(p.golden().prediction());
        soft.assertThat(p.confidenceDiff()).as(what + ": |conf diff|").isLessThan(SAME_INPUT);
        soft.assertThat(p.trueClassProbDiff())
            .as(what + ": |true prob diff|")
            .isLessThan(SAME_INPUT);
      }
    }
    soft.assertThat(verdict.agreement())
        .as(name + ": agreement")
        .isGreaterThanOrEqualTo(MIN_AGREEMENT);
    soft.assertThat(verdict.closeShare())
        .as(name + ": share within " + CLOSE)
        .isGreaterThanOrEqualTo(MIN_CLOSE);
    for (EpsilonTotals e : verdict.perEpsilon().values()) {
      String what = name + " epsilon " + e.epsilon;
      soft.assertThat(Math.abs(e.correct - e.goldenCorrect))
          .as(what + ": correct predictions, ours vs PyTorch's")
          .isLessThanOrEqualTo(Math.min(e.mayDiffer, (int) Math.floor(CURVE * e.images)));
      soft.assertThat(Math.abs(e.meanConfidence() - e.goldenMeanConfidence()))
          .as(what + ": mean confidence, ours vs PyTorch's")
          .isLessThanOrEqualTo(Math.min((double) e.mayDiffer / e.images, CURVE) + SAME_INPUT);
    }
    soft.assertAll();
  }

  /** Counts over all pairs, and per epsilon. */
  record Verdict(
      int pairs,
      int agree,
      int close,
      float worstConfidence,
      int sameInput,
      float worstSameInputConfidence,
      Map<Double, EpsilonTotals> perEpsilon) {

    static Verdict of(List<GoldenPair> pairs) {
      int agree = 0;
      int close = 0;
      int same = 0;
      float worst = 0;
      float worstSame = 0;
      Map<Double, EpsilonTotals> perEpsilon = new TreeMap<>();
      for (GoldenPair p : pairs) {
        agree += p.agrees() ? 1 : 0;
        close += p.confidenceDiff() <= CLOSE ? 1 : 0;
        worst = Math.max(worst, p.confidenceDiff());
        if (p.sameInput()) {
          same++;
          worstSame = Math.max(worstSame, p.confidenceDiff());
        }
        perEpsilon.computeIfAbsent(p.golden().epsilon(), EpsilonTotals::new).add(p);
      }
      return new Verdict(pairs.size(), agree, close, worst, same, worstSame, perEpsilon);
    }

    double agreement() {
      return (double) agree / pairs;
    }

    double closeShare() {
      return (double) close / pairs;
    }

    @Override
    public String toString() {
      EpsilonTotals widest =
          perEpsilon.values().stream()
              .max((a, b) -> Double.compare(a.accuracyGap(), b.accuracyGap()))
              .orElseThrow();
      return String.format(
          Locale.ROOT,
          "%d/%d image-epsilon pairs agree (%.4f%%), %d within %.0e confidence (%.4f%%), max |conf"
              + " diff| %.2e; %d pairs got PyTorch's exact input, max |conf diff| %.2e there;"
              + " widest accuracy gap %.4f at epsilon %s (%d pairs may differ there)",
          agree,
          pairs,
          100 * agreement(),
          close,
          CLOSE,
          100 * closeShare(),
          worstConfidence,
          sameInput,
          worstSameInputConfidence,
          widest.accuracyGap(),
          widest.epsilon,
          widest.mayDiffer);
    }
  }

  /** One epsilon's totals, ours and PyTorch's. */
  static final class EpsilonTotals {
    final double epsilon;
    int images;
    int correct;
    int goldenCorrect;
    int mayDiffer;
    double confidence;
    double goldenConfidence;

    EpsilonTotals(double epsilon) {
      this.epsilon = epsilon;
    }

    void add(GoldenPair p) {
      images++;
      correct += p.correct() ? 1 : 0;
      goldenCorrect += p.golden().correct() ? 1 : 0;
      mayDiffer += p.sameInput() ? 0 : 1;
      confidence += p.confidence();
      goldenConfidence += p.golden().confidence();
    }

    double meanConfidence() {
      return confidence / images;
    }

    double goldenMeanConfidence() {
      return goldenConfidence / images;
    }

    double accuracyGap() {
      return (double) Math.abs(correct - goldenCorrect) / images;
    }
  }
}
