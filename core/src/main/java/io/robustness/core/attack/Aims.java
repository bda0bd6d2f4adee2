package io.robustness.core.attack;

/**
 * The class each image's loss is taken against: its label (untargeted), or its target (targeted), a
 * least-likely target being the class its clean prediction finds least probable.
 */
final class Aims {

  private Aims() {}

  static int[] of(ImageBatch batch, AttackMode mode, float[] cleanProbabilities, int classes) {
    if (mode == AttackMode.UNTARGETED) {
      return batch.labels().clone();
    }
    int[] out = batch.targets().clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == ImageBatch.LEAST_LIKELY) {
        out[i] = leastLikely(cleanProbabilities, i * classes, classes);
      }
    }
    return out;
  }

  private static int leastLikely(float[] p, int offset, int classes) {
    int least = 0;
    for (int k = 1; k < classes; k++) {
      if (p[offset + k] < p[offset + least]) {
        least = k;
      }
    }
    return least;
  }
}
