package io.robustness.core.metrics;

import java.io.Serializable;

/**
 * Counts and sums for one group of images at one epsilon. Probability sums are kept in fixed point
 * (units of 2^-32) in a {@code long}: integer addition is exactly associative, where double
 * addition would give figures that depend on the order Spark merges partitions in. The rounding is
 * below 1e-9 per image and the sum holds two billion images.
 */
final class EpsilonTally implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final double FIXED_POINT_SCALE = 4294967296.0; // 2^32

  private long images;
  private long correct;
  private long top5Correct;
  private long confidenceFixed;
  private long trueClassProbFixed;
  private long initiallyCorrect;
  private long successes;

  /** Records one image at this epsilon. */
  public void add(
      boolean isCorrect,
      boolean top5Hit,
      float confidence,
      float trueClassProb,
      boolean wasCorrect,
      boolean attackSucceeded) {
    images++;
    correct += isCorrect ? 1 : 0;
    top5Correct += top5Hit ? 1 : 0;
    confidenceFixed += toFixed(confidence);
    trueClassProbFixed += toFixed(trueClassProb);
    initiallyCorrect += wasCorrect ? 1 : 0;
    successes += attackSucceeded ? 1 : 0;
  }

  /** Adds {@code other} into this tally. */
  public void merge(EpsilonTally other) {
    images += other.images;
    correct += other.correct;
    top5Correct += other.top5Correct;
    confidenceFixed += other.confidenceFixed;
    trueClassProbFixed += other.trueClassProbFixed;
    initiallyCorrect += other.initiallyCorrect;
    successes += other.successes;
  }

  private static long toFixed(float probability) {
    return Math.round(probability * FIXED_POINT_SCALE);
  }

  public long images() {
    return images;
  }

  public long correct() {
    return correct;
  }

  public long top5Correct() {
    return top5Correct;
  }

  public long initiallyCorrect() {
    return initiallyCorrect;
  }

  public long successes() {
    return successes;
  }

  public double sumConfidence() {
    return confidenceFixed / FIXED_POINT_SCALE;
  }

  public double sumTrueClassProb() {
    return trueClassProbFixed / FIXED_POINT_SCALE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpsilonTally t
        && images == t.images
        && correct == t.correct
        && top5Correct == t.top5Correct
        && confidenceFixed == t.confidenceFixed
        && trueClassProbFixed == t.trueClassProbFixed
        && initiallyCorrect == t.initiallyCorrect
        && successes == t.successes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(images * 31 + correct) ^ Long.hashCode(confidenceFixed);
  }

  @Override
  public String toString() {
    return "EpsilonTally{images="
        + images
        + ", correct="
        + correct
        + ", top5="
        + top5Correct
        + ", sumConfidence="
        + sumConfidence()
        + ", initiallyCorrect="
        + initiallyCorrect
        + ", successes="
        + successes
        + "}";
  }
}
