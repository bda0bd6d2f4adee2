package io.robustness.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One line of a sample set's {@code golden.csv}, as PyTorch computed it. */
public record GoldenRow(
    String image,
    int label,
    String mode,
    int target,
    double epsilon,
    int prediction,
    float confidence,
    float trueClassProb) {

  public static List<GoldenRow> read(Path csv) {
    try (var lines = Files.lines(csv)) {
      return lines.skip(1).map(GoldenRow::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of one mode ({@code untargeted} or {@code targeted}), in file order. */
  public static List<GoldenRow> read(Path csv, String mode) {
    return read(csv).stream().filter(r -> r.mode().equals(mode)).toList();
  }

  public boolean correct() {
    return prediction == label;
  }

  private static GoldenRow parse(String line) {
    String[] f = line.split(",", -1);
    return new GoldenRow(
        f[0],
        Integer.parseInt(f[1]),
        f[2],
        Integer.parseInt(f[3]),
        Double.parseDouble(f[4]),
        Integer.parseInt(f[5]),
        Float.parseFloat(f[6]),
        Float.parseFloat(f[7]));
  }
}
