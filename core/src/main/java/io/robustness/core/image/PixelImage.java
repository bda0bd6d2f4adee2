package io.robustness.core.image;

/**
 * An image as floats in [0,1], channel-major (CHW), ready to be stacked into a batch.
 *
 * @param channels number of channels (1 or 3)
 * @param height rows
 * @param width columns
 * @param data {@code channels * height * width} values; index {@code (c * height + y) * width + x}
 */
public record PixelImage(int channels, int height, int width, float[] data)
    implements java.io.Serializable {

  public PixelImage {
    if (data.length != channels * height * width) {
      throw new IllegalArgumentException(
          "pixel data has " + data.length + " values, expected " + channels * height * width);
    }
  }

  /** The value of channel {@code c} at column {@code x}, row {@code y}. */
  public float at(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }
}
