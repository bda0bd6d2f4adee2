package io.robustness.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.robustness.core.image.InputGeometry;
import io.robustness.core.image.Interpolation;
import io.robustness.core.image.ResizeRounding;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

  @Test
  void readsADescriptor() {
    ModelSpec spec =
        ModelSpec.fromConfig(
            ConfigFactory.parseString(
                "input { channels = 3, height = 32, width = 30, mean = [0.4, 0.5, 0.6], std = [0.2, 0.25, 0.3] }\n"
                    + "classes = [cat, dog, \"traffic light\"]"));
    assertThat(spec.pixelsPerImage()).isEqualTo(3 * 32 * 30);
    assertThat(spec.classes()).containsExactly("cat", "dog", "traffic light");
    assertThat(spec.isIdentityNormalization()).isFalse();
  }

  @Test
  void readsTheResizeFilterAndRoundingWithPilBilinearByDefault() {
    String base =
        "input { channels = 1, height = 28, width = 28, mean = [], std = [] }\nclasses = [a, b]\n";
    assertThat(ModelSpec.fromConfig(ConfigFactory.parseString(base)).geometry())
        .isEqualTo(
            new InputGeometry(
                InputGeometry.STRETCH, false, Interpolation.BILINEAR, ResizeRounding.PIL));
    ModelSpec spec =
        ModelSpec.fromConfig(
            ConfigFactory.parseString(
                base
                    + "input { resize = 36, crop = center, interpolation = BICUBIC,"
                    + " resize-rounding = float }"));
    assertThat(spec.geometry())
        .isEqualTo(new InputGeometry(36, true, Interpolation.BICUBIC, ResizeRounding.FLOAT));
    ModelSpec.Reading bad =
        ModelSpec.read(
            ConfigFactory.parseString(
                base + "input { interpolation = nearest, resize-rounding = exact }"),
            "robustness.model.");
    assertThat(bad.problems())
        .containsExactly(
            "robustness.model.input.interpolation = \"nearest\" is not bilinear or bicubic",
            "robustness.model.input.resize-rounding = \"exact\" is not pil or float");
  }

  @Test
  void listsEveryProblemAtOnce() {
    List<String> problems =
        ModelSpec.problems(2, 0, 28, List.of(0.5), List.of(0.0, 1.0, 1.0), List.of("a", "a"));
    assertThat(problems).hasSize(6);
    assertThat(String.join("\n", problems))
        .contains("input.channels must be 1 or 3")
        .contains("input.height and input.width must be positive")
        .contains("input.mean has 1 values but input.channels is 2")
        .contains("input.std has 3 values")
        .contains("input.std values must be positive")
        .contains("classes must be unique");
  }

  @Test
  void classesAreFoundByNameOrIndex() {
    ModelSpec spec =
        new ModelSpec(1, 28, 28, List.of(0.0), List.of(1.0), List.of("cat", "7", "dog"));
    assertThat(spec.classIndex(" dog ")).isEqualTo(2);
    assertThat(spec.classIndex("7")).as("a name wins over an index").isEqualTo(1);
    assertThat(spec.classIndex("0")).isZero();
    assertThat(spec.classIndex("3")).isEqualTo(-1);
    assertThat(spec.classIndex("99999999999999")).isEqualTo(-1);
    assertThat(spec.classIndex("owl")).isEqualTo(-1);
  }

  @Test
  void invalidSpecIsRefused() {
    assertThatThrownBy(() -> new ModelSpec(1, 28, 28, List.of(0.0), List.of(1.0), List.of()))
        .hasMessageContaining("classes must list");
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ModelSpec spec = new ModelSpec(1, 28, 28, List.of(0.1307), List.of(0.3081), List.of("0", "1"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(spec);
    }
  }
}
