package io.robustness.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDataTest {

  @TempDir Path dir;

  @Test
  void jpegsAreScaledRgbImagesOfTheSetRepeatedToTheCount() throws IOException {
    // Three 4x4 images: black, mid-grey, white; labels 0, 1, 0.
    byte[][] pixels = {new byte[16], new byte[16], new byte[16]};
    java.util.Arrays.fill(pixels[1], (byte) 128);
    java.util.Arrays.fill(pixels[2], (byte) 255);
    Path images = idx(dir.resolve("images.gz"), 0x803, new int[] {3, 4, 4}, pixels);
    Path labels = idx(dir.resolve("labels.gz"), 0x801, new int[] {3}, new byte[][] {{0, 1, 0}});
    Path out = dir.resolve("out");

    assertEquals(5, BenchData.write(images, labels, List.of("a", "b"), 5, out, 16));
    assertEquals(0, BenchData.write(images, labels, List.of("a", "b"), 5, out, 16));

    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(5, files.filter(f -> f.toString().endsWith(".jpg")).count());
    }
    // File n is image n mod 3: 000003.jpg is the black one again, 000001.jpg the grey one.
    assertEquals(List.of("000000.jpg", "000002.jpg", "000003.jpg"), names(out.resolve("a")));
    BufferedImage grey = ImageIO.read(out.resolve("b/000001.jpg").toFile());
    assertEquals(16, grey.getWidth());
    assertEquals(16, grey.getHeight());
    int rgb = grey.getRGB(8, 8);
    assertTrue(Math.abs(((rgb >> 16) & 0xff) - 128) <= 3, Integer.toHexString(rgb));
    assertTrue(Math.abs((rgb & 0xff) - 128) <= 3, Integer.toHexString(rgb));
    BufferedImage white = ImageIO.read(out.resolve("a/000002.jpg").toFile());
    assertTrue((white.getRGB(3, 3) & 0xff) >= 250);
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static Path idx(Path file, int magic, int[] dims, byte[][] data) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      for (byte[] b : data) {
        out.write(b);
      }
    }
    return file;
  }
}
