package io.robustness.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * PyTorch's gradient signs beside a sample set's golden file ({@code gradient-signs.csv.gz}, made
 * by {@code sample-data/generate.py}): per image and mode, one character per pixel value ({@code
 * +}, {@code -}, {@code 0}) in the layout of the image's pixels. They tell which of our
 * image-epsilon pairs got exactly PyTorch's adversarial input.
 */
public final class GradientSigns {

  private final Map<String, String> signs;

  private GradientSigns(Map<String, String> signs) {
    this.signs = signs;
  }

  public static GradientSigns read(Path gzippedCsv) {
    Map<String, String> out = new HashMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gzippedCsv)), StandardCharsets.UTF_8))) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",", -1);
        out.put(key(f[0], f[1]), f[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GradientSigns(out);
  }

  /** PyTorch's sign of pixel value {@code index} of {@code image}: -1, 0 or 1. */
  public int sign(String image, String mode, int index) {
    String row = signs.get(key(image, mode));
    if (row == null) {
      throw new IllegalArgumentException("no gradient signs for " + image + " (" + mode + ")");
    }
    return switch (row.charAt(index)) {
      case '+' -> 1;
      case '-' -> -1;
      default -> 0;
    };
  }

  private static String key(String image, String mode) {
    return mode + '|' + image;
  }
}
