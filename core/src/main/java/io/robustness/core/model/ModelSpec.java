package io.robustness.core.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.InputGeometry;
import io.robustness.core.image.Interpolation;
import io.robustness.core.image.ResizeRounding;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the job must know about a model that the TorchScript file does not say: the input shape, the
 * per-channel normalization applied outside the model ({@code (x - mean) / std} on pixels in [0,1])
 * and the class names in the model's output order. Immutable and serializable, so it can be shipped
 * to Spark executors.
 *
 * <p>Read from settings in one place, {@link #read}: a descriptor file ({@code model.conf}) and the
 * audit's {@code robustness.model} section have the same keys and the same meaning.
 */
public record ModelSpec(
    int channels,
    int height,
    int width,
    List<Double> mean,
    List<Double> std,
    List<String> classes,
    InputGeometry geometry)
    implements Serializable {

  /** A class given by its index: called per label of streamed data, so compiled once. */
  private static final Pattern INDEX = Pattern.compile("\\d{1,9}");

  /** A spec that stretches images to height x width. */
  public ModelSpec(
      int channels,
      int height,
      int width,
      List<Double> mean,
      List<Double> std,
      List<String> classes) {
    this(channels, height, width, mean, std, classes, InputGeometry.STRETCHED);
  }

  /** Empty mean and std lists mean no normalization. */
  public ModelSpec {
    if (mean.isEmpty() && std.isEmpty()) {
      mean = Collections.nCopies(Math.max(channels, 0), 0.0);
      std = Collections.nCopies(Math.max(channels, 0), 1.0);
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    classes = List.copyOf(classes);
    List<String> problems = problems(channels, height, width, mean, std, classes);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid model spec: " + String.join("; ", problems));
    }
  }

  /** A spec, or every problem that kept it from being one. */
  public record Reading(ModelSpec spec, List<String> problems) {
    public Reading {
      problems = List.copyOf(problems);
    }
  }

  /**
   * Reads {@code input.channels}, {@code input.height}, {@code input.width}, {@code input.mean},
   * {@code input.std} (empty lists: no normalization) and {@code classes} from {@code section},
   * collecting every problem, each named as {@code prefix + key}.
   *
   * @param prefix how the keys are named in messages, like {@code "robustness.model."} or {@code
   *     ""}
   */
  public static Reading read(Config section, String prefix) {
    DescriptorReader r = new DescriptorReader(section, prefix);
    Integer channels = r.integer("input.channels");
    Integer height = r.integer("input.height");
    Integer width = r.integer("input.width");
    List<Double> mean = r.doubles("input.mean");
    List<Double> std = r.doubles("input.std");
    List<String> classes = r.strings("classes");
    // Its own reader: a bad resize or crop is reported beside the other keys' problems, not
    // instead.
    DescriptorReader g = new DescriptorReader(section, prefix);
    InputGeometry geometry = geometry(g);
    if (!r.problems().isEmpty()) {
      r.problems().addAll(g.problems());
      return new Reading(null, r.problems());
    }
    boolean none = mean.isEmpty() && std.isEmpty();
    List<Double> m = none ? Collections.nCopies(Math.max(channels, 0), 0.0) : mean;
    List<Double> s = none ? Collections.nCopies(Math.max(channels, 0), 1.0) : std;
    List<String> problems = new ArrayList<>();
    problems(channels, height, width, m, s, classes).forEach(p -> problems.add(prefix + p));
    problems.addAll(g.problems());
    return problems.isEmpty()
        ? new Reading(new ModelSpec(channels, height, width, m, s, classes, geometry), List.of())
        : new Reading(null, problems);
  }

  /**
   * {@code input.resize} ({@code stretch}, or N: the shorter side to N), {@code input.crop} ({@code
   * none} or {@code center}), {@code input.interpolation} ({@code bilinear} or {@code bicubic}) and
   * {@code input.resize-rounding} ({@code pil} or {@code float}); absent keys mean stretch, none,
   * bilinear and pil.
   */
  private static InputGeometry geometry(DescriptorReader r) {
    String resize = r.optionalString("input.resize", "stretch");
    String crop = r.optionalString("input.crop", "none");
    Interpolation interpolation =
        choice(r, "input.interpolation", Interpolation.BILINEAR, Interpolation.values());
    ResizeRounding rounding =
        choice(r, "input.resize-rounding", ResizeRounding.PIL, ResizeRounding.values());
    if (resize == null || crop == null) {
      return InputGeometry.STRETCHED;
    }
    int side = InputGeometry.STRETCH;
    boolean valid = true;
    if (!resize.trim().equalsIgnoreCase("stretch")) {
      try {
        side = Integer.parseInt(resize.trim());
      } catch (NumberFormatException e) {
        side = -1;
      }
      if (side <= 0) {
        r.add(
            "input.resize = \""
                + resize
                + "\" is neither stretch nor a positive size like 256 (the"
                + " shorter side)");
        valid = false;
      }
    }
    boolean center = false;
    switch (crop.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> center = false;
      case "center" -> center = true;
      default -> {
        r.add("input.crop = \"" + crop + "\" is not none or center");
        valid = false;
      }
    }
    if (!valid || interpolation == null || rounding == null) {
      return InputGeometry.STRETCHED;
    }
    if (side != InputGeometry.STRETCH && !center) {
      r.add(
          "input.resize = "
              + side
              + " keeps each image's aspect ratio, so images differ in size:"
              + " set input.crop = center to crop them to input.height x input.width");
      return InputGeometry.STRETCHED;
    }
    return new InputGeometry(side, center, interpolation, rounding);
  }

  /** One of {@code values} by its lower-case name, or null after recording the problem. */
  private static <E extends Enum<E>> E choice(
      DescriptorReader r, String key, E fallback, E[] values) {
    String given = r.optionalString(key, fallback.name().toLowerCase(Locale.ROOT));
    if (given == null) {
      return null;
    }
    for (E value : values) {
      if (value.name().equalsIgnoreCase(given.trim())) {
        return value;
      }
    }
    List<String> names = new ArrayList<>();
    for (E value : values) {
      names.add(value.name().toLowerCase(Locale.ROOT));
    }
    r.add(key + " = \"" + given + "\" is not " + String.join(" or ", names));
    return null;
  }

  /**
   * Reads a descriptor file's content ({@link #read} with unprefixed keys).
   *
   * @throws IllegalArgumentException listing every problem
   */
  public static ModelSpec fromConfig(Config descriptor) {
    Reading reading = read(descriptor, "");
    if (reading.spec() == null) {
      throw new IllegalArgumentException(
          "invalid model spec: " + String.join("; ", reading.problems()));
    }
    return reading.spec();
  }

  /**
   * Reads a descriptor file ({@code model.conf}, HOCON).
   *
   * @throws IllegalArgumentException naming the file and every problem in it
   */
  public static ModelSpec fromFile(Path descriptor) {
    if (!Files.isRegularFile(descriptor)) {
      throw new IllegalArgumentException("model descriptor " + descriptor + " does not exist");
    }
    try {
      return fromConfig(ConfigFactory.parseFile(descriptor.toFile()).resolve());
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "model descriptor " + descriptor + ": " + e.getMessage(), e);
    }
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
    for (String name : List.of("mean", "std")) {
      int size = (name.equals("mean") ? mean : std).size();
      if (size != channels) {
        out.add(
            String.format(
                Locale.ROOT,
                "input.%s has %d values but input.channels is %d: give one value per channel, or"
                    + " empty lists for no normalization",
                name,
                size,
                channels));
      }
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
    return classIndex(classes, nameOrIndex);
  }

  /** {@link #classIndex(String)} over any list of class names. */
  public static int classIndex(List<String> classes, String nameOrIndex) {
    String trimmed = nameOrIndex.trim();
    int index = classes.indexOf(trimmed);
    if (index >= 0) {
      return index;
    }
    if (INDEX.matcher(trimmed).matches()) {
      int parsed = Integer.parseInt(trimmed);
      return parsed < classes.size() ? parsed : -1;
    }
    return -1;
  }

  /** What turns encoded images into this model's input pixels. */
  public ImagePreprocessor preprocessor(long maxPixels) {
    return new ImagePreprocessor(channels, height, width, maxPixels, geometry);
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
