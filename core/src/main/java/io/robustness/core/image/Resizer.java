package io.robustness.core.image;

/**
 * Antialiased resizing of images in [0,1], in two passes (horizontal, then vertical) with the
 * weights of {@link ResampleWeights}: in float throughout ({@link ResizeRounding#FLOAT},
 * torchvision's tensor path), or as PIL does on 8-bit images ({@link ResizeRounding#PIL}):
 * fixed-point weights and each pass rounded to 8 bits, so the output equals PIL's to the level.
 */
final class Resizer {

  private Resizer() {}

  static PixelImage resize(
      PixelImage in, int height, int width, Interpolation filter, ResizeRounding rounding) {
    if (in.height() == height && in.width() == width) {
      return in;
    }
    ResampleWeights horizontal = ResampleWeights.of(in.width(), width, filter);
    ResampleWeights vertical = ResampleWeights.of(in.height(), height, filter);
    return rounding == ResizeRounding.PIL
        ? eightBit(in, height, width, horizontal, vertical)
        : floats(in, height, width, horizontal, vertical);
  }

  private static PixelImage floats(
      PixelImage in, int height, int width, ResampleWeights horizontal, ResampleWeights vertical) {
    float[][] hw = horizontal.asFloat();
    float[][] vw = vertical.asFloat();
    int channels = in.channels();
    float[] out = new float[channels * height * width];
    float[] rows = new float[in.height() * width];
    for (int c = 0; c < channels; c++) {
      int plane = c * in.height() * in.width();
      for (int y = 0; y < in.height(); y++) {
        apply(horizontal.first(), hw, in.data(), plane + y * in.width(), 1, rows, y * width, 1);
      }
      for (int x = 0; x < width; x++) {
        apply(vertical.first(), vw, rows, x, width, out, c * height * width + x, width);
      }
    }
    return new PixelImage(channels, height, width, out);
  }

  private static void apply(
      int[] first,
      float[][] weights,
      float[] src,
      int srcStart,
      int srcStride,
      float[] dst,
      int dstStart,
      int dstStride) {
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

  /**
   * PIL's 8-bit resampling: a pass runs only where its axis changes size (PIL skips the other), and
   * the horizontal pass's output is rounded to 8 bits before the vertical pass reads it.
   */
  private static PixelImage eightBit(
      PixelImage in, int height, int width, ResampleWeights horizontal, ResampleWeights vertical) {
    int[][] hk = horizontal.asFixedPoint();
    int[][] vk = vertical.asFixedPoint();
    int channels = in.channels();
    int inHeight = in.height();
    int inWidth = in.width();
    float[] out = new float[channels * height * width];
    for (int c = 0; c < channels; c++) {
      int[] levels = EightBit.levels(in.data(), c * inHeight * inWidth, inHeight * inWidth);
      int rowWidth = inWidth;
      if (width != inWidth) {
        int[] rows = new int[inHeight * width];
        for (int y = 0; y < inHeight; y++) {
          pass(horizontal.first(), hk, levels, y * inWidth, 1, rows, y * width, 1);
        }
        levels = rows;
        rowWidth = width;
      }
      if (height != inHeight) {
        int[] columns = new int[height * width];
        for (int x = 0; x < width; x++) {
          pass(vertical.first(), vk, levels, x, rowWidth, columns, x, width);
        }
        levels = columns;
      }
      EightBit.toUnit(levels, out, c * height * width);
    }
    return new PixelImage(channels, height, width, out);
  }

  private static void pass(
      int[] first,
      int[][] weights,
      int[] src,
      int srcStart,
      int srcStride,
      int[] dst,
      int dstStart,
      int dstStride) {
    for (int i = 0; i < first.length; i++) {
      int sum = 1 << (ResampleWeights.PRECISION_BITS - 1);
      int[] w = weights[i];
      int base = srcStart + first[i] * srcStride;
      for (int k = 0; k < w.length; k++) {
        sum += src[base + k * srcStride] * w[k];
      }
      dst[dstStart + i * dstStride] = EightBit.clip(sum >> ResampleWeights.PRECISION_BITS);
    }
  }
}
