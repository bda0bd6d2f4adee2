package io.robustness.jobs.bench;

import io.robustness.core.image.PixelImage;
import io.robustness.core.image.PngEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes an IDX test set (MNIST's format) as PNGs in class folders, {@code <out>/<class>/<n>.png},
 * repeating the set until {@code count} files exist: the benchmark's datasets, the same bytes that
 * both the audit and the PyTorch script read.
 */
public final class BenchData {

  private BenchData() {}

  /**
   * @param classes folder names by label index
   * @return how many files were written (0 when the folder was complete already)
   */
  public static int write(Path images, Path labels, List<String> classes, int count, Path out)
      throws IOException {
    Path done = out.resolve(".complete-" + count);
    if (Files.exists(done)) {
      return 0;
    }
    IdxDataset data = IdxDataset.read(images, labels);
    byte[][] pngs = new byte[data.count()][];
    for (int i = 0; i < data.count(); i++) {
      pngs[i] = PngEncoder.encode(new PixelImage(1, data.height(), data.width(), data.image(i)));
    }
    for (String name : classes) {
      Files.createDirectories(out.resolve(name));
    }
    // The folders' order for other readers (the PyTorch baseline): label index = line number.
    Files.write(out.resolve("classes.txt"), classes);
    for (int n = 0; n < count; n++) {
      int i = n % data.count();
      String file = String.format(Locale.ROOT, "%06d.png", n);
      Files.write(out.resolve(classes.get(data.label(i))).resolve(file), pngs[i]);
    }
    Files.createFile(done);
    return count;
  }
}
