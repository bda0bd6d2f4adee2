package io.robustness.core.testing;

import io.robustness.core.attack.Score;

/**
 * PyTorch's golden result for one image at one epsilon beside ours.
 *
 * @param sameInput our model saw exactly PyTorch's input: always at epsilon 0 (no gradient is
 *     involved), and at other epsilons when the gradient signs are known to build the same
 *     adversarial image; false when the input differs or is not known to be the same
 */
public record GoldenPair(
    GoldenRow golden, int prediction, float confidence, float trueClassProb, boolean sameInput) {

  /** Our score for {@code golden}'s image and epsilon beside it. */
  public static GoldenPair of(GoldenRow golden, Score ours, boolean sameInput) {
    return new GoldenPair(
        golden, ours.prediction(), ours.confidence(), ours.trueClassProbability(), sameInput);
  }

  public boolean agrees() {
    return prediction == golden.prediction();
  }

  public float confidenceDiff() {
    return Math.abs(confidence - golden.confidence());
  }

  public float trueClassProbDiff() {
    return Math.abs(trueClassProb - golden.trueClassProb());
  }

  public boolean correct() {
    return prediction == golden.label();
  }
}
