package io.robustness.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded image of any layout (grey, grey+alpha, RGB, RGBA, palette, 8 or 16 bits, CMYK)
 * into 1 or 3 channels of floats in [0,1], following PIL's {@code convert("L")} and {@code
 * convert("RGB")} that PyTorch pipelines use: alpha is dropped, not composited, and RGB becomes
 * grey as {@code 0.299 R + 0.587 G + 0.114 B}: in PIL's 16-bit fixed point on 8-bit levels when
 * resizing rounds as PIL does, in float otherwise.
 *
 * <p>Samples are read from the raster, never through {@code getRGB}, which would gamma-correct
 * Java's linear grey.
 */
final class ChannelConverter {

  private static final float RED_LUMA = 0.299f;
  private static final float GREEN_LUMA = 0.587f;
  private static final float BLUE_LUMA = 0.114f;

  private ChannelConverter() {}

  /** PIL's {@code L24}: the ITU-R 601-2 weights in 16-bit fixed point, summing to 65536. */
  private static final int RED_L24 = 19595;

  private static final int GREEN_L24 = 38470;
  private static final int BLUE_L24 = 7471;

  static PixelImage convert(
      String source, BufferedImage image, int channels, ResizeRounding rounding)
      throws ImageDecodeException {
    float[][] planes = colourPlanes(source, image);
    int size = image.getWidth() * image.getHeight();
    float[] out = new float[channels * size];
    if (channels == 1 && rounding == ResizeRounding.PIL && planes.length == 3) {
      pilGrey(planes, out);
    } else if (channels == 1) {
      toGrey(planes, out);
    } else if (channels == 3) {
      for (int c = 0; c < 3; c++) {
        System.arraycopy(planes[planes.length == 1 ? 0 : c], 0, out, c * size, size);
      }
    } else {
      throw new IllegalArgumentException("only 1 or 3 channels are supported, got " + channels);
    }
    return new PixelImage(channels, image.getHeight(), image.getWidth(), out);
  }

  private static void toGrey(float[][] planes, float[] out) {
    if (planes.length == 1) {
      System.arraycopy(planes[0], 0, out, 0, out.length);
      return;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = RED_LUMA * planes[0][i] + GREEN_LUMA * planes[1][i] + BLUE_LUMA * planes[2][i];
    }
  }

  /** PIL's {@code convert("L")}: {@code (19595 R + 38470 G + 7471 B + 32768) >> 16} on levels. */
  private static void pilGrey(float[][] planes, float[] out) {
    int[] red = EightBit.levels(planes[0], 0, out.length);
    int[] green = EightBit.levels(planes[1], 0, out.length);
    int[] blue = EightBit.levels(planes[2], 0, out.length);
    int[] grey = new int[out.length];
    for (int i = 0; i < out.length; i++) {
      grey[i] = (RED_L24 * red[i] + GREEN_L24 * green[i] + BLUE_L24 * blue[i] + 0x8000) >> 16;
    }
    EightBit.toUnit(grey, out, 0);
  }

  /** One plane for grey images, three (R, G, B) for everything else; alpha is never returned. */
  private static float[][] colourPlanes(String source, BufferedImage image)
      throws ImageDecodeException {
    ColorModel model = image.getColorModel();
    if (model instanceof IndexColorModel palette) {
      return paletteRgb(image, palette);
    }
    ColorSpace space = model.getColorSpace();
    if (space.getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1) {
      return new float[][] {band(image.getRaster(), 0, model.getComponentSize(0))};
    }
    if (space.isCS_sRGB() && model.getNumColorComponents() == 3) {
      Raster raster = image.getRaster();
      return new float[][] {
        band(raster, 0, model.getComponentSize(0)),
        band(raster, 1, model.getComponentSize(1)),
        band(raster, 2, model.getComponentSize(2))
      };
    }
    return colourPlanes(source, toSrgb(source, image));
  }

  private static BufferedImage toSrgb(String source, BufferedImage image)
      throws ImageDecodeException {
    if (image.getColorModel().getColorSpace().isCS_sRGB()) {
      throw new ImageDecodeException(
          source,
          FailureReason.UNSUPPORTED_LAYOUT,
          "unsupported colour model " + image.getColorModel());
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    new ColorConvertOp(null).filter(image, rgb);
    return rgb;
  }

  private static float[] band(Raster raster, int band, int bits) {
    int width = raster.getWidth();
    int height = raster.getHeight();
    // Divide rather than multiply by a reciprocal: bit-identical to PyTorch's uint8 / 255.0.
    float max = (1L << bits) - 1;
    float[] out = new float[width * height];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, band, row);
      for (int x = 0; x < width; x++) {
        out[y * width + x] = row[x] / max;
      }
    }
    return out;
  }

  private static float[][] paletteRgb(BufferedImage image, IndexColorModel palette) {
    int width = image.getWidth();
    int size = width * image.getHeight();
    float[][] planes = new float[3][size];
    int[] row = new int[width];
    Raster raster = image.getRaster();
    for (int y = 0; y < image.getHeight(); y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        planes[0][i] = palette.getRed(row[x]) / 255f;
        planes[1][i] = palette.getGreen(row[x]) / 255f;
        planes[2][i] = palette.getBlue(row[x]) / 255f;
      }
    }
    return planes;
  }
}
