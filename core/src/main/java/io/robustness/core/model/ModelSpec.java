package io.robustness.core.model;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * What the job must know about a model that the TorchScript file does not say: the input shape, the
 * per-channel normalization applied outside the model ({@code (x - mean) / std} on pixels in [0,1])
 * and the class names in the model's output order. Immutable and serializable, so it can be shipped
 * to Spark executors.
 */
public record ModelSpec(
    int channels, int height, int width, List<Double> mean, List<Double> std, List<String> classes)
    implements Serializable {

  public ModelSpec {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    classes = List.copyOf(classes);
    List<String> problems = problems(channels, height, width, mean, std, classes);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid model spec: " + String.join("; ", problems));
    }
  }

  /**
   * Reads a descriptor with keys {@code input.channels}, {@code input.height}, {@code input.width},
   * {@code input.mean}, {@code input.std} and {@code classes}.
   */
  public static ModelSpec fromConfig(Config descriptor) {
    return new ModelSpec(
        descriptor.getInt("input.channels"),
        descriptor.getInt("input.height"),
        descriptor.getInt("input.width"),
        descriptor.getDoubleList("input.mean"),
        descriptor.getDoubleList("input.std"),
        descriptor.getStringList("classes"));
  }

  /** Every problem with these values, each naming the field; empty when they make a valid spec. */
  public static List<String> problems(
      int channels,
      int height,
      int width,
      List<Double> mean,
      List<Double> std,
      List<String> classes) {
    List<String> out = new ArrayList<>();
    if (channels != 1 && channels != 3) {
      out.add("input.channels must be 1 or 3, got " + channels);
    }
    if (height <= 0 || width <= 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "input.height and input.width must be positive, got %dx%d",
              height,
              width));
    }
    if (mean.size() != channels) {
      out.add(
          String.format(
              Locale.ROOT,
              "input.mean has %d values but input.channels is %d",
              mean.size(),
              channels));
    }
    if (std.size() != channels) {
      out.add(
          String.format(
              Locale.ROOT,
              "input.std has %d values but input.channels is %d",
              std.size(),
              channels));
    }
    if (std.stream().anyMatch(s -> !(s > 0) || s.isInfinite())) {
      out.add("input.std values must be positive and finite, got " + std);
    }
    if (mean.stream().anyMatch(m -> m.isNaN() || m.isInfinite())) {
      out.add("input.mean values must be finite, got " + mean);
    }
    if (classes.isEmpty()) {
      out.add("classes must list the model's class names in output order, got an empty list");
    } else if (new HashSet<>(classes).size() != classes.size()) {
      out.add("classes must be unique, got " + classes);
    }
    return out;
  }

  public int numClasses() {
    return classes.size();
  }

  /**
   * The index of a class given by name or, failing that, by its index as digits; -1 when it is
   * neither.
   */
  public int classIndex(String nameOrIndex) {
    String trimmed = nameOrIndex.trim();
    int index = classes.indexOf(trimmed);
    if (index >= 0) {
      return index;
    }
    if (trimmed.matches("\\d{1,9}")) {
      int parsed = Integer.parseInt(trimmed);
      return parsed < classes.size() ? parsed : -1;
    }
    return -1;
  }

  /** Values per image: {@code channels * height * width}. */
  public int pixelsPerImage() {
    return channels * height * width;
  }

  /** True when normalization changes nothing (mean 0, std 1 on every channel). */
  public boolean isIdentityNormalization() {
    return mean.stream().allMatch(m -> m == 0.0) && std.stream().allMatch(s -> s == 1.0);
  }
}
