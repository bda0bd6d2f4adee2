package io.robustness.core.image;

/**
 * The resampling filter of a resize. PIL's {@code Image.resize} and torchvision's antialiased
 * tensor resize use the same kernels, widened by the scale factor when shrinking; they differ only
 * in rounding ({@link ResizeRounding}).
 */
public enum Interpolation {
  /** The triangle filter, support 1: PIL's {@code BILINEAR}, torchvision's default. */
  BILINEAR(1.0) {
    @Override
    double weight(double x) {
      double ax = Math.abs(x);
      return ax < 1.0 ? 1.0 - ax : 0.0;
    }
  },
  /** Keys' cubic with a = -0.5, support 2: PIL's {@code BICUBIC}, torchvision's antialiased one. */
  BICUBIC(2.0) {
    @Override
    double weight(double x) {
      double a = -0.5;
      double ax = Math.abs(x);
      if (ax < 1.0) {
        return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
      }
      if (ax < 2.0) {
        return (((ax - 5) * ax + 8) * ax - 4) * a;
      }
      return 0.0;
    }
  };

  /** Half the filter's width at scale 1, in input pixels. */
  final double support;

  Interpolation(double support) {
    this.support = support;
  }

  abstract double weight(double x);
}
