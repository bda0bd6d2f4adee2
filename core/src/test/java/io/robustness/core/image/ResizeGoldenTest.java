package io.robustness.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.testing.SampleSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Resizing against PIL's {@code Image.resize} (8-bit, {@code pil-*.u8}) and torchvision's resize on
 * float tensors with {@code antialias=True} ({@code tensor-*.f32}), bilinear and bicubic, up, down
 * and to other aspect ratios, grey and RGB, and RGB to grey as PIL's {@code convert("L")}: golden
 * files from {@code sample-data/generate.py --resize-only} (Debian's Pillow and torchvision 0.14).
 * {@code pil} must equal PIL to the level at every pixel; {@code float} equal torchvision's tensor
 * path within float rounding.
 */
class ResizeGoldenTest {

  private static final Path DIR =
      SampleSet.repositoryRoot().resolve("sample-data/preprocess/resize");

  /** {@code <image>[-grey]-<filter>-<kind>-<height>x<width>}, as generate.py names the files. */
  private static final Pattern CASE =
      Pattern.compile("(.+?-\\d+x\\d+)(-grey)?-(bilinear|bicubic)-(up|down|mixed)-(\\d+)x(\\d+)");

  /** Float32 sums in another order than torchvision's: a few units in the last place. */
  private static final double FLOAT_TOLERANCE = 1e-5;

  private record Case(
      String file, String image, boolean grey, Interpolation filter, int height, int width) {

    static Case parse(String file, String prefix, String suffix) {
      String stem = file.substring(prefix.length(), file.length() - suffix.length());
      Matcher m = CASE.matcher(stem);
      assertThat(m.matches()).as(file).isTrue();
      return new Case(
          file,
          m.group(1),
          m.group(2) != null,
          Interpolation.valueOf(m.group(3).toUpperCase(Locale.ROOT)),
          Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)));
    }

    PixelImage prepared(ResizeRounding rounding) throws Exception {
      byte[] png = Files.readAllBytes(DIR.resolve(image + ".png"));
      int channels = grey || image.startsWith("grey") ? 1 : 3;
      return new ImagePreprocessor(
              channels,
              height,
              width,
              1L << 26,
              new InputGeometry(InputGeometry.STRETCH, false, filter, rounding))
          .prepare(image, png);
    }
  }

  private static List<Case> cases(String prefix, String suffix) throws IOException {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(suffix)) {
          out.add(Case.parse(name, prefix, suffix));
        }
      }
    }
    return out;
  }

  @Test
  void pilRoundingEqualsPilToTheLevelAtEveryPixel() throws Exception {
    List<Case> cases = cases("pil-", ".u8");
    // 3 images x 2 filters x 3 sizes, and 2 RGB images to grey x 2 filters.
    assertThat(cases).hasSize(22);
    for (Case c : cases) {
      byte[] expected = Files.readAllBytes(DIR.resolve(c.file()));
      float[] actual = c.prepared(ResizeRounding.PIL).data();
      assertThat(actual).as(c.file()).hasSize(expected.length);
      int differing = 0;
      for (int i = 0; i < expected.length; i++) {
        if (actual[i] != (expected[i] & 0xff) / 255f) {
          differing++;
        }
      }
      assertThat(differing).as("%s: pixels that differ from PIL's", c.file()).isZero();
    }
  }

  @Test
  void floatRoundingEqualsTorchvisionsTensorResize() throws Exception {
    List<Case> cases = cases("tensor-", ".f32");
    assertThat(cases).hasSize(18);
    double worst = 0;
    for (Case c : cases) {
      ByteBuffer bytes =
          ByteBuffer.wrap(Files.readAllBytes(DIR.resolve(c.file()))).order(ByteOrder.LITTLE_ENDIAN);
      float[] actual = c.prepared(ResizeRounding.FLOAT).data();
      assertThat(actual).as(c.file()).hasSize(bytes.remaining() / 4);
      double max = 0;
      for (float v : actual) {
        max = Math.max(max, Math.abs(v - bytes.getFloat()));
      }
      assertThat(max).as(c.file()).isLessThanOrEqualTo(FLOAT_TOLERANCE);
      worst = Math.max(worst, max);
    }
    System.out.printf(Locale.ROOT, "resize float vs torchvision tensors: max |diff| %.2e%n", worst);
  }

  @Test
  void theTwoRoundingsAreDifferentSettingsAndCloseOnesWhenBilinear() throws Exception {
    int differing = 0;
    int total = 0;
    double worstBilinear = 0;
    double worstBicubic = 0;
    for (Case c : cases("tensor-", ".f32")) {
      float[] pil = c.prepared(ResizeRounding.PIL).data();
      float[] floats = c.prepared(ResizeRounding.FLOAT).data();
      for (int i = 0; i < pil.length; i++) {
        double d = Math.abs(pil[i] - Math.min(1f, Math.max(0f, floats[i])));
        if (c.filter() == Interpolation.BILINEAR) {
          worstBilinear = Math.max(worstBilinear, d);
        } else {
          worstBicubic = Math.max(worstBicubic, d);
        }
        differing += pil[i] != floats[i] ? 1 : 0;
        total++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "resize pil vs float: %d of %d values differ; by at most %.2f/255 bilinear, %.2f/255"
            + " bicubic%n",
        differing,
        total,
        worstBilinear * 255,
        worstBicubic * 255);
    // Bilinear: two rounded passes, half a level each, the first carried through weights summing
    // to 1. Bicubic overshoots: PIL clips its first pass to 8 bits, float carries the overshoot.
    assertThat(worstBilinear).isLessThanOrEqualTo(1.0 / 255 + 1e-6);
    assertThat(differing).isGreaterThan(total / 2);
  }
}
