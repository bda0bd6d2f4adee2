package io.robustness.core.metrics;

/**
 * One point of a robustness curve: how a group of images fared at one epsilon.
 *
 * @param attackSuccessRate successes among the images the model first got right; NaN when there
 *     were none
 */
public record CurvePoint(
    double epsilon,
    long images,
    double accuracy,
    double top5Accuracy,
    double meanConfidence,
    double meanTrueClassProb,
    double attackSuccessRate) {

  static CurvePoint of(double epsilon, EpsilonTally t) {
    double n = t.images();
    return new CurvePoint(
        epsilon,
        t.images(),
        t.correct() / n,
        t.top5Correct() / n,
        t.sumConfidence() / n,
        t.sumTrueClassProb() / n,
        t.initiallyCorrect() == 0 ? Double.NaN : (double) t.successes() / t.initiallyCorrect());
  }
}
