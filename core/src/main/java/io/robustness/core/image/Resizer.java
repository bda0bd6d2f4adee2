package io.robustness.core.image;

/**
 * Antialiased bilinear resizing of float planes, the algorithm of PIL's {@code
 * Image.resize(BILINEAR)} and of torchvision's {@code resize(..., antialias=True)} on tensors: a
 * triangle filter widened by the scale factor when shrinking, so large photos are averaged rather
 * than sampled. Works in float with no rounding between passes.
 */
final class Resizer {

  private Resizer() {}

  static PixelImage resize(PixelImage in, int height, int width) {
    if (in.height() == height && in.width() == width) {
      return in;
    }
    Filter rows = Filter.of(in.width(), width);
    Filter cols = Filter.of(in.height(), height);
    int channels = in.channels();
    float[] out = new float[channels * height * width];
    float[] horizontal = new float[in.height() * width];
    for (int c = 0; c < channels; c++) {
      int planeIn = c * in.height() * in.width();
      for (int y = 0; y < in.height(); y++) {
        rows.apply(in.data(), planeIn + y * in.width(), 1, horizontal, y * width, 1);
      }
      for (int x = 0; x < width; x++) {
        cols.apply(horizontal, x, width, out, c * height * width + x, width);
      }
    }
    return new PixelImage(channels, height, width, out);
  }

  /**
   * Precomputed weights for one axis: output i reads inputs first[i] .. first[i] +
   * weights[i].length - 1.
   */
  private record Filter(int[] first, float[][] weights) {

    static Filter of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = filterScale; // bilinear has support 1, widened when shrinking
      int[] first = new int[outSize];
      float[][] weights = new float[outSize][];
      for (int i = 0; i < outSize; i++) {
        double centre = (i + 0.5) * scale;
        int lo = Math.max((int) Math.floor(centre - support + 0.5), 0);
        int hi = Math.min((int) Math.floor(centre + support + 0.5), inSize);
        double[] w = new double[hi - lo];
        double total = 0;
        for (int j = lo; j < hi; j++) {
          w[j - lo] = Math.max(0.0, 1.0 - Math.abs((j - centre + 0.5) / filterScale));
          total += w[j - lo];
        }
        first[i] = lo;
        weights[i] = new float[w.length];
        for (int k = 0; k < w.length; k++) {
          weights[i][k] = (float) (total == 0 ? 0 : w[k] / total);
        }
      }
      return new Filter(first, weights);
    }

    void apply(float[] src, int srcStart, int srcStride, float[] dst, int dstStart, int dstStride) {
      for (int i = 0; i < first.length; i++) {
        float sum = 0;
        float[] w = weights[i];
        int base = srcStart + first[i] * srcStride;
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * src[base + k * srcStride];
        }
        dst[dstStart + i * dstStride] = sum;
      }
    }
  }
}
