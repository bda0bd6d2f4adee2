package io.robustness.jobs.testing;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Writes a class-folder dataset of awkward files around one real Fashion-MNIST image: odd but valid
 * encodings of it (which must score like the original), broken files (which must become error rows)
 * and files that are not data (which must be skipped and counted).
 */
public final class BadImageCorpus {

  /** Valid variants whose pixels equal the original's exactly, so their scores must too. */
  public static final String[] EXACT = {
    "original.png", "grey16.png", "palette.png", "name with spaces ü 日本.png"
  };

  /** Valid files whose pixels only approximate the original (lossy, resized, converted). */
  public static final String[] APPROXIMATE = {
    "grey.jpg", "rgba.png", "really-a-jpeg.png", "huge.png", "cmyk.jpg"
  };

  /** Broken files and the reason each must be recorded with. */
  public static final Map<String, String> BROKEN = new LinkedHashMap<>();

  /** Files that are not data. */
  public static final String[] SKIPPED = {".DS_Store", "._original.png", "notes.txt"};

  static {
    BROKEN.put("empty.png", "EMPTY_FILE");
    BROKEN.put("text.jpg", "UNRECOGNIZED_FORMAT");
    BROKEN.put("truncated.png", "CORRUPT");
    BROKEN.put("truncated.jpg", "CORRUPT");
    BROKEN.put("bad-crc.png", "CORRUPT");
    BROKEN.put("bomb-50000x50000.png", "TOO_MANY_PIXELS");
  }

  private BadImageCorpus() {}

  /** Writes everything into {@code root/<className>/} and returns that folder. */
  public static Path write(Path root, String className, Path source) throws IOException {
    Path dir = Files.createDirectories(root.resolve(className));
    BufferedImage grey = ImageIO.read(source.toFile());
    byte[] png = Files.readAllBytes(source);
    byte[] jpeg = encode(grey, "jpeg");
    Files.write(dir.resolve("original.png"), png);
    Files.write(dir.resolve("grey16.png"), encode(grey16(grey), "png"));
    Files.write(dir.resolve("palette.png"), encode(palette(grey), "png"));
    Files.write(dir.resolve("name with spaces ü 日本.png"), png);
    Files.write(dir.resolve("grey.jpg"), jpeg);
    Files.write(dir.resolve("rgba.png"), encode(rgba(grey), "png"));
    Files.write(dir.resolve("really-a-jpeg.png"), jpeg);
    Files.write(dir.resolve("huge.png"), encode(upscaled(grey, 100), "png"));
    Files.copy(
        Samples.root().resolve("core/src/test/resources/images/cmyk-red-blue.jpg"),
        dir.resolve("cmyk.jpg"));
    Files.write(dir.resolve("empty.png"), new byte[0]);
    Files.writeString(dir.resolve("text.jpg"), "this is a note, not a JPEG\n");
    Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
    Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
    Files.write(dir.resolve("bad-crc.png"), flipByteInData(png));
    Files.write(dir.resolve("bomb-50000x50000.png"), withDeclaredSize(png, 50_000, 50_000));
    Files.write(dir.resolve(".DS_Store"), new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
    Files.write(dir.resolve("._original.png"), new byte[] {0, 5, 22, 7});
    Files.writeString(
        dir.resolve("notes.txt"), "labels reviewed by hand\n", StandardCharsets.UTF_8);
    return dir;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  private static BufferedImage grey16(BufferedImage grey) {
    BufferedImage out =
        new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
    forEachPixel(grey, (x, y, v) -> out.getRaster().setSample(x, y, 0, v * 257));
    return out;
  }

  private static BufferedImage palette(BufferedImage grey) {
    byte[] levels = new byte[256];
    for (int i = 0; i < 256; i++) {
      levels[i] = (byte) i;
    }
    IndexColorModel model = new IndexColorModel(8, 256, levels, levels, levels);
    BufferedImage out =
        new BufferedImage(
            grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, model);
    forEachPixel(grey, (x, y, v) -> out.getRaster().setSample(x, y, 0, v));
    return out;
  }

  private static BufferedImage rgba(BufferedImage grey) {
    BufferedImage out =
        new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_4BYTE_ABGR);
    WritableRaster raster = out.getRaster();
    forEachPixel(grey, (x, y, v) -> raster.setPixel(x, y, new int[] {v, v, v, (x * 9) % 256}));
    return out;
  }

  private static BufferedImage upscaled(BufferedImage grey, int factor) {
    BufferedImage out =
        new BufferedImage(
            grey.getWidth() * factor, grey.getHeight() * factor, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = out.getRaster();
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        raster.setSample(x, y, 0, grey.getRaster().getSample(x / factor, y / factor, 0));
      }
    }
    return out;
  }

  private static byte[] flipByteInData(byte[] png) {
    byte[] out = Arrays.copyOf(png, png.length);
    out[out.length - 20] ^= 0x5a; // inside IDAT: its CRC no longer matches
    return out;
  }

  private static byte[] withDeclaredSize(byte[] png, int width, int height) {
    byte[] out = Arrays.copyOf(png, png.length);
    ByteBuffer buf = ByteBuffer.wrap(out);
    buf.putInt(16, width);
    buf.putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17);
    buf.putInt(29, (int) crc.getValue());
    return out;
  }

  private interface PixelVisitor {
    void visit(int x, int y, int value);
  }

  private static void forEachPixel(BufferedImage grey, PixelVisitor visitor) {
    for (int y = 0; y < grey.getHeight(); y++) {
      for (int x = 0; x < grey.getWidth(); x++) {
        visitor.visit(x, y, grey.getRaster().getSample(x, y, 0));
      }
    }
  }
}
