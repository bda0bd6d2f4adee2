package io.robustness.jobs.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Greyscale images and labels in the (gzipped) IDX format of MNIST and Fashion-MNIST. */
record IdxDataset(int count, int height, int width, byte[] pixels, byte[] labels) {

  private static final int IMAGES_MAGIC = 2051;
  private static final int LABELS_MAGIC = 2049;

  static IdxDataset read(Path images, Path labels) throws IOException {
    try (DataInputStream in = open(images);
        DataInputStream lab = open(labels)) {
      expect(in.readInt(), IMAGES_MAGIC, images);
      int count = in.readInt();
      int height = in.readInt();
      int width = in.readInt();
      byte[] pixels = in.readNBytes(count * height * width);
      expect(lab.readInt(), LABELS_MAGIC, labels);
      int labelCount = lab.readInt();
      if (labelCount != count || pixels.length != count * height * width) {
        throw new IOException(
            images + " and " + labels + " disagree on the number of images or are truncated");
      }
      return new IdxDataset(count, height, width, pixels, lab.readNBytes(count));
    }
  }

  /** Image {@code i} as floats in [0,1]. */
  float[] image(int i) {
    int size = height * width;
    float[] out = new float[size];
    for (int k = 0; k < size; k++) {
      out[k] = (pixels[i * size + k] & 0xff) / 255f;
    }
    return out;
  }

  int label(int i) {
    return labels[i];
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    return new DataInputStream(
        file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
  }

  private static void expect(int magic, int wanted, Path file) throws IOException {
    if (magic != wanted) {
      throw new IOException(
          file + " is not an IDX file of the expected kind (magic " + magic + ")");
    }
  }
}
