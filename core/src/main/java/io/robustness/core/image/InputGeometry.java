package io.robustness.core.image;

import java.io.Serializable;

/**
 * How an image becomes the model's height x width: stretched (resized to exactly that, aspect ratio
 * lost), or torchvision's recipe {@code Resize(N)} (the shorter side to N, aspect ratio kept)
 * optionally followed by {@code CenterCrop(height, width)}; with which filter, and rounded as PIL
 * rounds 8-bit images or kept in float.
 *
 * @param shorterSide N of Resize(N), or {@link #STRETCH}
 * @param centerCrop crop the middle height x width, padding with black where the image is smaller
 * @param interpolation the resampling filter
 * @param rounding PIL's 8-bit arithmetic or float
 */
public record InputGeometry(
    int shorterSide, boolean centerCrop, Interpolation interpolation, ResizeRounding rounding)
    implements Serializable {

  public static final int STRETCH = 0;

  /** Resize to height x width, bilinear, as PIL rounds: the settings' defaults. */
  public static final InputGeometry STRETCHED = new InputGeometry(STRETCH, false);

  public InputGeometry {
    if (shorterSide < 0) {
      throw new IllegalArgumentException("the shorter side must be positive, got " + shorterSide);
    }
    if (interpolation == null || rounding == null) {
      throw new IllegalArgumentException("interpolation and rounding are required");
    }
  }

  /** Bilinear, as PIL rounds (the settings' defaults). */
  public InputGeometry(int shorterSide, boolean centerCrop) {
    this(shorterSide, centerCrop, Interpolation.BILINEAR, ResizeRounding.PIL);
  }

  public boolean stretches() {
    return shorterSide == STRETCH;
  }

  /**
   * The size Resize(N) gives an image of {@code height x width}, as torchvision computes it: the
   * shorter side becomes N, the longer {@code int(N * long / short)} (truncated).
   *
   * @return {height, width}
   */
  public int[] resizedSize(int height, int width) {
    int shortSide = Math.min(height, width);
    int longSide = Math.max(height, width);
    int newLong = (int) ((long) shorterSide * longSide / shortSide);
    return width <= height ? new int[] {newLong, shorterSide} : new int[] {shorterSide, newLong};
  }

  /**
   * torchvision's CenterCrop: pads with zeros to at least {@code height x width} (left and top get
   * the smaller half), then crops with offsets {@code round((size - crop) / 2)}, rounding halves to
   * even as Python does.
   */
  public static PixelImage centerCrop(PixelImage in, int height, int width) {
    PixelImage padded = pad(in, height, width);
    int top = (int) Math.rint((padded.height() - height) / 2.0);
    int left = (int) Math.rint((padded.width() - width) / 2.0);
    if (top == 0 && left == 0 && padded.height() == height && padded.width() == width) {
      return padded;
    }
    int channels = padded.channels();
    float[] out = new float[channels * height * width];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(
            padded.data(),
            (c * padded.height() + top + y) * padded.width() + left,
            out,
            (c * height + y) * width,
            width);
      }
    }
    return new PixelImage(channels, height, width, out);
  }

  private static PixelImage pad(PixelImage in, int height, int width) {
    int padLeft = width > in.width() ? (width - in.width()) / 2 : 0;
    int padTop = height > in.height() ? (height - in.height()) / 2 : 0;
    int padRight = width > in.width() ? (width - in.width() + 1) / 2 : 0;
    int padBottom = height > in.height() ? (height - in.height() + 1) / 2 : 0;
    if (padLeft + padTop + padRight + padBottom == 0) {
      return in;
    }
    int h = in.height() + padTop + padBottom;
    int w = in.width() + padLeft + padRight;
    int channels = in.channels();
    float[] out = new float[channels * h * w];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < in.height(); y++) {
        System.arraycopy(
            in.data(),
            (c * in.height() + y) * in.width(),
            out,
            (c * h + padTop + y) * w + padLeft,
            in.width());
      }
    }
    return new PixelImage(channels, h, w, out);
  }
}
