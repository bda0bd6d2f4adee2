package io.robustness.core.attack;

/** Reads {@link Score}s out of a row-major {@code (N, K)} matrix of softmax probabilities. */
final class Scores {

  private static final int TOP_K = 5;

  private Scores() {}

  static Score[] of(float[] probabilities, int classes, int[] labels) {
    Score[] out = new Score[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = row(probabilities, i * classes, classes, labels[i]);
    }
    return out;
  }

  private static Score row(float[] p, int offset, int classes, int label) {
    int best = 0;
    int aboveLabel = 0;
    float labelProbability = p[offset + label];
    float topWrong = 0;
    for (int k = 0; k < classes; k++) {
      float value = p[offset + k];
      if (value > p[offset + best]) {
        best = k;
      }
      if (k != label && value > topWrong) {
        topWrong = value;
      }
      // Ties rank by class index, as the prediction does (the first of equal maxima): a label tied
      // with classes before it is not ahead of them, so a row of equal probabilities is not a top-5
      // hit for every label, and top-1 by rank is exactly prediction == label.
      if (value > labelProbability || (value == labelProbability && k < label)) {
        aboveLabel++;
      }
    }
    return new Score(best, p[offset + best], labelProbability, aboveLabel < TOP_K, topWrong);
  }
}
