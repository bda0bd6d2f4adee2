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
    if (geometry.stretches()) {
      BufferedImage image = decoder.decode(source, bytes, height, width);
      PixelImage stretched =
          Resizer.resize(ChannelConverter.convert(source, image, channels), height, width);
      return geometry.centerCrop() ? InputGeometry.centerCrop(stretched, height, width) : stretched;
    }
    // torchvision's recipe decodes at full resolution: no reduced-resolution decoding here.
    PixelImage full = ChannelConverter.convert(source, decoder.decode(source, bytes), channels);
    int[] size = geometry.resizedSize(full.height(), full.width());
    PixelImage resized = Resizer.resize(full, size[0], size[1]);
    return geometry.centerCrop() ? InputGeometry.centerCrop(resized, height, width) : resized;
  }
}
