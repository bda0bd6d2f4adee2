package io.robustness.jobs.bench;

import io.robustness.core.image.PixelImage;
import io.robustness.core.image.PngEncoder;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes an IDX test set (MNIST's format) as PNGs in class folders, {@code <out>/<class>/<n>.png},
 * repeating the set until {@code count} files exist: the benchmark's datasets, the same bytes that
 * both the audit and the PyTorch script read. For ImageNet-sized models, the images scaled up to a
 * square size as RGB JPEGs ({@code <n>.jpg}), so that neither reader resizes.
 */
public final class BenchData {

  private BenchData() {}

  /**
   * @param classes folder names by label index
   * @return how many files were written (0 when the folder was complete already)
   */
  public static int write(Path images, Path labels, List<String> classes, int count, Path out)
      throws IOException {
    return write(images, labels, classes, count, out, 0);
  }

  /**
   * @param jpegSize 0: PNGs at the set's own size; else RGB JPEGs of this width and height
   */
  public static int write(
      Path images, Path labels, List<String> classes, int count, Path out, int jpegSize)
      throws IOException {
    Path done = out.resolve(".complete-" + count + (jpegSize > 0 ? "-jpeg-" + jpegSize : ""));
    if (Files.exists(done)) {
      return 0;
    }
    IdxDataset data = IdxDataset.read(images, labels);
    int distinct = Math.min(data.count(), count);
    byte[][] pngs = new byte[distinct][];
    for (int i = 0; i < distinct; i++) {
      PixelImage image = new PixelImage(1, data.height(), data.width(), data.image(i));
      pngs[i] = jpegSize > 0 ? jpeg(image, jpegSize) : PngEncoder.encode(image);
    }
    String extension = jpegSize > 0 ? "jpg" : "png";
    for (String name : classes) {
      Files.createDirectories(out.resolve(name));
    }
    // The folders' order for other readers (the PyTorch baseline): label index = line number.
    Files.write(out.resolve("classes.txt"), classes);
    for (int n = 0; n < count; n++) {
      int i = n % distinct;
      String file = String.format(Locale.ROOT, "%06d.%s", n, extension);
      Files.write(out.resolve(classes.get(data.label(i))).resolve(file), pngs[i]);
    }
    Files.createFile(done);
    return count;
  }

  /** A greyscale image scaled (bilinear) to size x size, as an RGB JPEG of quality 0.9. */
  static byte[] jpeg(PixelImage grey, int size) throws IOException {
    BufferedImage rgb = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    var g = rgb.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(PngEncoder.toBufferedImage(grey), 0, 0, size, size, null);
    g.dispose();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
      writer.write(null, new IIOImage(rgb, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
