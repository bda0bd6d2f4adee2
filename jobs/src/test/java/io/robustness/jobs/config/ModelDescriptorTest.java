package io.robustness.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code core-audit} reads a descriptor file, {@code audit} the same keys under robustness.model:
 * one reader, so the same file means the same model to both, and is refused for the same reasons.
 */
class ModelDescriptorTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"fashion-mnist", "mnist"})
  void theSampleDescriptorsMeanTheSameToBothCommands(String set) {
    ModelSpec coreAudit = ModelSpec.fromFile(Samples.data(set).resolve("model.conf"));
    ModelSpec audit = Samples.settings(set, dir, "x").model().spec();
    assertThat(audit).isEqualTo(coreAudit);
  }

  @Test
  void emptyMeanAndStdMeanNoNormalizationToBoth() throws IOException {
    Path descriptor =
        write(
            "model.conf",
            "input { channels = 3, height = 8, width = 8, mean = [], std = [] }\n"
                + "classes = [\"a\", \"b\"]\n");
    ModelSpec coreAudit = ModelSpec.fromFile(descriptor);
    assertThat(coreAudit.isIdentityNormalization()).isTrue();
    assertThat(auditSpecIncluding(descriptor)).isEqualTo(coreAudit);
  }

  @Test
  void aBadDescriptorIsRefusedForTheSameReasonsByBoth() throws IOException {
    Path descriptor =
        write(
            "model.conf",
            "input { channels = 3, height = 8, width = 8, mean = [0.5], std = [0.2, 0.2, 0.2] }\n"
                + "classes = [\"a\", \"a\"]\n");
    assertThatThrownBy(() -> ModelSpec.fromFile(descriptor))
        .hasMessageContaining("input.mean has 1 values but input.channels is 3")
        .hasMessageContaining("classes must be unique");
    SettingsException refused =
        catchThrowableOfType(SettingsException.class, () -> auditSpecIncluding(descriptor));
    assertThat(String.join("\n", refused.problems()))
        .contains("robustness.model.input.mean has 1 values but input.channels is 3")
        .contains("robustness.model.classes must be unique");
  }

  private ModelSpec auditSpecIncluding(Path descriptor) throws IOException {
    Path conf =
        write(
            "audit.conf",
            "robustness { dataset.uri = \"images\", output.uri = \"out\",\n"
                + "  model { uri = \"model.pt\", include \""
                + descriptor.getFileName()
                + "\" } }\n");
    return AuditSettings.from(ConfigLoader.load(conf, List.of())).model().spec();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
