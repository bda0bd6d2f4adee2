package io.robustness.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.model.TorchScriptModel;
import io.robustness.core.testing.SampleSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Resize(N) + CenterCrop against torchvision's own output (golden tensors from {@code
 * sample-data/generate.py}, Debian's torchvision 0.14 on PIL images): images of assorted sizes and
 * aspect ratios, smaller than the crop, odd sizes, grey and RGB, PNG and JPEG. PNGs must match to
 * the level; JPEGs within what two JPEG decoders may differ by.
 */
class PreprocessFidelityTest {

  private static final Path DIR = SampleSet.repositoryRoot().resolve("sample-data/preprocess");
  private static final List<String> IMAGES =
      List.of("portrait.png", "landscape.png", "small.png", "odd.jpg", "grey.png", "photo.jpg");

  /** resize-rounding = pil (the default) computes as PIL does: a PNG's pixels are PIL's exactly. */
  private static final double PNG_TOLERANCE = 0;

  /** JPEG decoders (libjpeg in PIL, the JDK's in Java) differ by a few levels per pixel. */
  private static final double JPEG_TOLERANCE = 3.0 / 255;

  private static float[] golden(String recipe, String image) throws IOException {
    String stem = image.substring(0, image.indexOf('.'));
    byte[] bytes = Files.readAllBytes(DIR.resolve("golden-" + recipe + "-" + stem + ".f32"));
    FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[floats.remaining()];
    floats.get(out);
    return out;
  }

  @Test
  void resizeAndCenterCropMatchTorchvision() throws Exception {
    for (Object[] recipe : new Object[][] {{"crop", 48}, {"pad", 32}}) {
      ImagePreprocessor prep =
          new ImagePreprocessor(3, 40, 40, 1L << 26, new InputGeometry((Integer) recipe[1], true));
      for (String image : IMAGES) {
        float[] expected = golden((String) recipe[0], image);
        float[] actual =
            prep.prepare(image, Files.readAllBytes(DIR.resolve("images").resolve(image))).data();
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
          double d = Math.abs(actual[i] - expected[i]);
          max = Math.max(max, d);
          sum += d;
        }
        String line =
            String.format(
                Locale.ROOT,
                "%s %s: max |diff| %.5f (%.2f/255), mean %.6f",
                recipe[0],
                image,
                max,
                max * 255,
                sum / expected.length);
        System.out.println("preprocess fidelity " + line);
        assertThat(max)
            .as(line)
            .isLessThanOrEqualTo(image.endsWith(".jpg") ? JPEG_TOLERANCE : PNG_TOLERANCE);
      }
    }
  }

  @Test
  void theModelPredictsAsInPyTorchOnImagesOfAssortedSizes() throws Exception {
    SampleSet fashion = SampleSet.fashionMnist();
    ModelSpec spec =
        new ModelSpec(
            1, 28, 28, List.of(), List.of(), fashion.spec().classes(), new InputGeometry(32, true));
    List<String> rows = Files.readAllLines(DIR.resolve("golden-predictions.csv"));
    int agree = 0;
    int total = 0;
    try (TorchScriptModel model =
            TorchScriptModel.load(fashion.modelFile(), "preprocess-fidelity", spec, Device.cpu());
        NDManager manager = model.newBatchManager()) {
      for (String row : rows.subList(1, rows.size())) {
        String[] f = row.strip().split(",");
        PixelImage pixels =
            spec.preprocessor(1L << 26)
                .prepare(f[0], Files.readAllBytes(DIR.resolve("fashion").resolve(f[0])));
        NDArray x = manager.create(FloatBuffer.wrap(pixels.data()), new Shape(1, 1, 28, 28));
        int prediction = (int) model.logits(x).argMax(1).getLong();
        agree += prediction == Integer.parseInt(f[2]) ? 1 : 0;
        total++;
      }
    }
    System.out.printf(
        Locale.ROOT, "preprocess fidelity: %d of %d predictions agree%n", agree, total);
    assertThat(total).isEqualTo(40);
    assertThat((double) agree / total).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void geometryFollowsTorchvisionsArithmetic() {
    InputGeometry g = new InputGeometry(256, true);
    // Shorter side to 256, the longer truncated: int(256 * 500 / 375) = 341.
    assertThat(g.resizedSize(375, 500)).containsExactly(256, 341);
    assertThat(g.resizedSize(500, 375)).containsExactly(341, 256);
    assertThat(g.resizedSize(300, 300)).containsExactly(256, 256);
    // Offsets round half to even, as Python's round: (5 - 2) / 2 = 1.5 -> 2, (3 - 2) / 2 = 0.5 ->
    // 0.
    PixelImage column = new PixelImage(1, 5, 1, new float[] {0, 1, 2, 3, 4});
    assertThat(InputGeometry.centerCrop(column, 2, 1).data()).containsExactly(2, 3);
    PixelImage three = new PixelImage(1, 3, 1, new float[] {0, 1, 2});
    assertThat(InputGeometry.centerCrop(three, 2, 1).data()).containsExactly(0, 1);
    // Smaller than the crop: padded, the smaller half on top.
    PixelImage one = new PixelImage(1, 1, 1, new float[] {7});
    assertThat(InputGeometry.centerCrop(one, 4, 1).data()).containsExactly(0, 7, 0, 0);
  }
}
