package io.robustness.core.image;

/**
 * The weights of one axis of a resize, as PIL (and torchvision's antialiased resize) compute them:
 * output {@code i} reads inputs {@code first[i] .. first[i] + weights[i].length - 1}, with the
 * filter widened by the scale factor when shrinking and the weights normalized to sum to 1.
 */
record ResampleWeights(int[] first, double[][] weights) {

  /** PIL's fixed-point precision for 8-bit images: 32 bits less 8 for the value, 2 for overflow. */
  static final int PRECISION_BITS = 32 - 8 - 2;

  static ResampleWeights of(int inSize, int outSize, Interpolation filter) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support * filterScale;
    // A reciprocal multiplied, not a divisor, as PIL and torchvision compute it: the same doubles.
    double inverse = 1.0 / filterScale;
    int[] first = new int[outSize];
    double[][] weights = new double[outSize][];
    for (int i = 0; i < outSize; i++) {
      double centre = (i + 0.5) * scale;
      // (int) truncates toward zero as C's cast does; a negative start is clamped to 0 anyway.
      int lo = Math.max((int) (centre - support + 0.5), 0);
      int hi = Math.min((int) (centre + support + 0.5), inSize);
      double[] w = new double[hi - lo];
      double total = 0;
      for (int j = lo; j < hi; j++) {
        w[j - lo] = filter.weight((j - centre + 0.5) * inverse);
        total += w[j - lo];
      }
      if (total != 0) {
        for (int k = 0; k < w.length; k++) {
          w[k] /= total;
        }
      }
      first[i] = lo;
      weights[i] = w;
    }
    return new ResampleWeights(first, weights);
  }

  /** The weights as float, for the float path. */
  float[][] asFloat() {
    float[][] out = new float[weights.length][];
    for (int i = 0; i < weights.length; i++) {
      out[i] = new float[weights[i].length];
      for (int k = 0; k < weights[i].length; k++) {
        out[i][k] = (float) weights[i][k];
      }
    }
    return out;
  }

  /** The weights in PIL's fixed point, each rounded half away from zero. */
  int[][] asFixedPoint() {
    double one = 1 << PRECISION_BITS;
    int[][] out = new int[weights.length][];
    for (int i = 0; i < weights.length; i++) {
      out[i] = new int[weights[i].length];
      for (int k = 0; k < weights[i].length; k++) {
        double w = weights[i][k];
        out[i][k] = (int) (w < 0 ? -0.5 + w * one : 0.5 + w * one);
      }
    }
    return out;
  }
}
