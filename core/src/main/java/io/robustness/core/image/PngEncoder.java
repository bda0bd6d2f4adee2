package io.robustness.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Pixels in [0,1] back to an 8-bit PNG (grey or RGB), for showing images in reports. */
public final class PngEncoder {

  private PngEncoder() {}

  public static byte[] encode(PixelImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(toBufferedImage(image), "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding in memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** The pixels as an 8-bit grey or RGB image, each value clamped to [0,1] and rounded. */
  public static BufferedImage toBufferedImage(PixelImage image) {
    int w = image.width();
    int h = image.height();
    boolean grey = image.channels() == 1;
    BufferedImage out =
        new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster raster = out.getRaster();
    for (int c = 0; c < image.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          raster.setSample(x, y, c, toByte(image.at(c, y, x)));
        }
      }
    }
    return out;
  }

  private static int toByte(float value) {
    return Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
  }
}
