package io.robustness.core.attack;

import io.robustness.core.image.PixelImage;
import java.util.List;
import java.util.Locale;

/**
 * Images stacked for one attack call: pixels in [0,1], {@code (count, channels, height, width)}
 * row-major, their true labels, target classes (only read in targeted mode; {@link #LEAST_LIKELY}
 * asks for each image's least likely class under its clean prediction), and a stable key per image
 * from which random starts are drawn, so that they do not depend on how images were batched.
 */
public record ImageBatch(
    int count,
    int channels,
    int height,
    int width,
    float[] pixels,
    int[] labels,
    int[] targets,
    long[] keys) {

  /** A target meaning "the class the clean prediction finds least likely". */
  public static final int LEAST_LIKELY = -2;

  /** Images keyed by their position in the batch. */
  public ImageBatch(
      int count, int channels, int height, int width, float[] pixels, int[] labels, int[] targets) {
    this(count, channels, height, width, pixels, labels, targets, positions(count));
  }

  private static long[] positions(int count) {
    long[] out = new long[Math.max(count, 0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = i;
    }
    return out;
  }

  public ImageBatch {
    if (count <= 0) {
      throw new IllegalArgumentException("a batch needs at least one image");
    }
    if (pixels.length != (long) count * channels * height * width) {
      throw new IllegalArgumentException(
          "pixels has "
              + pixels.length
              + " values, expected "
              + count
              + "x"
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    if (labels.length != count || targets.length != count || keys.length != count) {
      throw new IllegalArgumentException(
          "labels, targets and keys need one entry per image (" + count + ")");
    }
  }

  /**
   * Fails naming the first image whose label (or, when {@code targeted}, target) is not one of
   * {@code classes}.
   */
  void checkClasses(int classes, boolean targeted) {
    for (int i = 0; i < count; i++) {
      checkClass("label", labels[i], i, classes);
      if (targeted && targets[i] != LEAST_LIKELY) {
        checkClass("target", targets[i], i, classes);
      }
    }
  }

  private static void checkClass(String what, int value, int index, int classes) {
    if (value < 0 || value >= classes) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s %d of image %d is outside the model's %d classes",
              what,
              value,
              index,
              classes));
    }
  }

  /** Stacks images of identical shape, keyed by position; {@code targets} may be null. */
  public static ImageBatch of(List<PixelImage> images, int[] labels, int[] targets) {
    return of(images, labels, targets, positions(images.size()));
  }

  /** Stacks images of identical shape; {@code targets} may be null in untargeted mode. */
  public static ImageBatch of(List<PixelImage> images, int[] labels, int[] targets, long[] keys) {
    PixelImage first = images.get(0);
    int per = first.data().length;
    float[] pixels = new float[images.size() * per];
    for (int i = 0; i < images.size(); i++) {
      PixelImage image = images.get(i);
      if (image.channels() != first.channels()
          || image.height() != first.height()
          || image.width() != first.width()) {
        throw new IllegalArgumentException("image " + i + " has a different shape from image 0");
      }
      System.arraycopy(image.data(), 0, pixels, i * per, per);
    }
    int[] aims = targets == null ? new int[images.size()] : targets;
    return new ImageBatch(
        images.size(), first.channels(), first.height(), first.width(), pixels, labels, aims, keys);
  }
}
