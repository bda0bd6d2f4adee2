package io.robustness.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG and JPEG bytes (any format ImageIO has a reader for) into a {@link BufferedImage}.
 *
 * <p>The format is detected from the content, not the file name, so a JPEG named {@code .png}
 * decodes. The pixel count is checked from the header before any pixel is decoded, so a small file
 * declaring a huge image is refused cheaply. CMYK and YCCK JPEGs are handled by the TwelveMonkeys
 * JPEG plugin, found through ImageIO's service loader. Truncated JPEGs, which ImageIO would
 * otherwise return half grey with only a warning, are refused like PIL does.
 *
 * <p>Thread-safe: each call uses its own reader.
 */
final class ImageDecoder {

  /** Warnings that mean pixel data is missing, not merely odd. */
  private static final List<String> FATAL_WARNINGS = List.of("premature end", "truncated");

  static {
    // Plugins on the classpath of a Spark executor may be loaded by a child class loader: scan once
    // explicitly.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
  }

  private final long maxPixels;

  /**
   * @param maxPixels largest width * height accepted; larger images are refused before decoding
   */
  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    this.maxPixels = maxPixels;
  }

  /**
   * Decodes one image.
   *
   * @param source the file name, used in error messages only
   * @param bytes the encoded image
   * @throws ImageDecodeException naming {@code source} and the reason when the bytes are not a
   *     usable image
   */
  public BufferedImage decode(String source, byte[] bytes) throws ImageDecodeException {
    return decode(source, bytes, 0, 0);
  }

  /**
   * Decodes one image that will be shrunk to {@code targetHeight x targetWidth}: one at least 4
   * times larger in both directions is decoded at a reduced resolution (every n-th pixel, still at
   * least twice the target), so a 50-megapixel photo for a 224-pixel model costs a few megabytes,
   * not hundreds. Antialiased resizing follows.
   */
  public BufferedImage decode(String source, byte[] bytes, int targetHeight, int targetWidth)
      throws ImageDecodeException {
    if (bytes.length == 0) {
      throw new ImageDecodeException(
          source, FailureReason.EMPTY_FILE, "the file is empty (0 bytes)");
    }
    PngIntegrity.check(source, bytes);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = readerFor(source, in);
      try {
        return read(source, reader, in, targetHeight, targetWidth);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new ImageDecodeException(source, FailureReason.CORRUPT, describe(e), e);
    }
  }

  private static ImageReader readerFor(String source, ImageInputStream in)
      throws ImageDecodeException {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new ImageDecodeException(
          source,
          FailureReason.UNRECOGNIZED_FORMAT,
          "the content is not PNG, JPEG or another image format ImageIO reads");
    }
    return readers.next();
  }

  private BufferedImage read(
      String source, ImageReader reader, ImageInputStream in, int targetHeight, int targetWidth)
      throws IOException, ImageDecodeException {
    reader.setInput(in, true, true);
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
    checkSize(source, reader);
    BufferedImage image;
    try {
      image = reader.read(0, subsampling(reader, targetHeight, targetWidth));
    } catch (RuntimeException e) {
      // Malformed streams surface as IllegalArgumentException, ArrayIndexOutOfBounds and the like.
      throw new ImageDecodeException(source, FailureReason.CORRUPT, describe(e), e);
    }
    for (String warning : warnings) {
      String lower = warning.toLowerCase(Locale.ROOT);
      if (FATAL_WARNINGS.stream().anyMatch(lower::contains)) {
        throw new ImageDecodeException(
            source, FailureReason.CORRUPT, "incomplete image data (" + warning + ")");
      }
    }
    return image;
  }

  private static ImageReadParam subsampling(ImageReader reader, int targetHeight, int targetWidth)
      throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    if (targetHeight > 0 && targetWidth > 0) {
      int step =
          Math.min(
              reader.getWidth(0) / (2 * targetWidth), reader.getHeight(0) / (2 * targetHeight));
      if (step >= 2) {
        param.setSourceSubsampling(step, step, 0, 0);
      }
    }
    return param;
  }

  private void checkSize(String source, ImageReader reader)
      throws IOException, ImageDecodeException {
    long width = reader.getWidth(0);
    long height = reader.getHeight(0);
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(
          source, FailureReason.CORRUPT, "the header declares " + width + "x" + height);
    }
    if (width * height > maxPixels) {
      throw new ImageDecodeException(
          source,
          FailureReason.TOO_MANY_PIXELS,
          String.format(
              Locale.ROOT,
              "the header declares %dx%d = %,d pixels, above the limit of %,d (raise the pixel limit to accept it)",
              width,
              height,
              width * height,
              maxPixels));
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }
}
