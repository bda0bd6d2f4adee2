package io.robustness.core.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Builds images of every layout in memory and encodes them, so decoder tests need no binary
 * fixtures.
 */
final class TestImages {

  private TestImages() {}

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for " + image);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** 8-bit grey whose pixel (x, y) is {@code (x * 16 + y) % 256}. */
  static BufferedImage grey8(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, (x * 16 + y) % 256);
      }
    }
    return image;
  }

  static BufferedImage grey16(int width, int height, int value) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, value);
      }
    }
    return image;
  }

  /**
   * Grey set through the raster: {@code setRGB} on a grey image would convert sRGB to Java's linear
   * grey.
   */
  static BufferedImage greyFilled(int width, int height, int value) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, value);
      }
    }
    return image;
  }

  static BufferedImage filled(int type, int width, int height, int argb) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, argb);
      }
    }
    return image;
  }

  /** RGBA where every pixel has the colour {@code rgb} and alpha {@code alpha}. */
  static BufferedImage rgba(int width, int height, int rgb, int alpha) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_4BYTE_ABGR);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha});
      }
    }
    return image;
  }

  /** A 4-colour palette image; pixel (x, y) uses palette entry {@code (x + y) % 4}. */
  static BufferedImage palette(int width, int height, int[] rgbs) {
    byte[] r = new byte[rgbs.length];
    byte[] g = new byte[rgbs.length];
    byte[] b = new byte[rgbs.length];
    for (int i = 0; i < rgbs.length; i++) {
      r[i] = (byte) (rgbs[i] >> 16);
      g[i] = (byte) (rgbs[i] >> 8);
      b[i] = (byte) rgbs[i];
    }
    IndexColorModel model = new IndexColorModel(2, rgbs.length, r, g, b);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, model);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, (x + y) % rgbs.length);
      }
    }
    return image;
  }

  static BufferedImage greyAlpha(int width, int height, int grey, int alpha) {
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {grey, alpha});
      }
    }
    return new BufferedImage(model, raster, false, null);
  }

  /**
   * A copy of a valid PNG whose IHDR declares another size, with its CRC recomputed so only the
   * size is wrong.
   */
  static byte[] withDeclaredSize(byte[] png, int width, int height) {
    byte[] out = Arrays.copyOf(png, png.length);
    ByteBuffer buf = ByteBuffer.wrap(out);
    // signature (8) + length (4) + "IHDR" (4), then width and height
    buf.putInt(16, width);
    buf.putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 4 + 13);
    buf.putInt(12 + 4 + 13, (int) crc.getValue());
    return out;
  }

  static byte[] text(String content) {
    return content.getBytes(StandardCharsets.UTF_8);
  }
}
