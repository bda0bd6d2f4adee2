package io.robustness.core.image;

import java.awt.image.BufferedImage;

/**
 * Encoded bytes to model-ready pixels: decode, convert to the model's channel count, resize to its
 * input size. Mean/std normalization is not applied here: the attack perturbs and clips in pixel
 * space and normalizes after.
 *
 * <pre>{@code
 * ImagePreprocessor prep = new ImagePreprocessor(1, 28, 28, 100_000_000L);
 * PixelImage pixels = prep.prepare("shoe.png", bytes); // throws ImageDecodeException naming shoe.png
 * }</pre>
 */
public final class ImagePreprocessor {

  private final int channels;
  private final int height;
  private final int width;
  private final ImageDecoder decoder;
  private final InputGeometry geometry;

  public ImagePreprocessor(int channels, int height, int width, long maxPixels) {
    this(channels, height, width, maxPixels, InputGeometry.STRETCHED);
  }

  public ImagePreprocessor(
      int channels, int height, int width, long maxPixels, InputGeometry geometry) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "height and width must be positive, got " + height + "x" + width);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.decoder = new ImageDecoder(maxPixels);
    this.geometry = geometry;
  }

  /** Decodes {@code bytes} and returns {@code channels x height x width} floats in [0,1]. */
  public PixelImage prepare(String source, byte[] bytes) throws ImageDecodeException {
    boolean pil = geometry.rounding() == ResizeRounding.PIL;
    // PIL resizes what it decoded at full resolution; the float path may decode a huge image at a
    // reduced resolution before it shrinks it (ImageDecoder), as torchvision's recipe never does.
    BufferedImage image =
        geometry.stretches() && !pil
            ? decoder.decode(source, bytes, height, width)
            : decoder.decode(source, bytes);
    PixelImage full = ChannelConverter.convert(source, image, channels, geometry.rounding());
    int[] size =
        geometry.stretches()
            ? new int[] {height, width}
            : geometry.resizedSize(full.height(), full.width());
    PixelImage resized =
        Resizer.resize(full, size[0], size[1], geometry.interpolation(), geometry.rounding());
    return geometry.centerCrop() ? InputGeometry.centerCrop(resized, height, width) : resized;
  }
}
