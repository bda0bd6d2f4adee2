package io.robustness.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void setBeatsSystemPropertiesWhichBeatTheFile(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("a.conf"),
            "robustness.attack.batch-size = 10\nrobustness.run.id = from-file\nrobustness.dataset.partitions = 3");
    System.setProperty("robustness.attack.batch-size", "20");
    System.setProperty("robustness.run.id", "from-property");
    try {
      Config c = ConfigLoader.load(file, List.of("robustness.attack.batch-size=30"));
      assertThat(c.getInt("robustness.attack.batch-size")).isEqualTo(30);
      assertThat(c.getString("robustness.run.id")).isEqualTo("from-property");
      assertThat(c.getInt("robustness.dataset.partitions")).isEqualTo(3);
      assertThat(c.getInt("robustness.dataset.max-pixels")).isEqualTo(100_000_000);
    } finally {
      System.clearProperty("robustness.attack.batch-size");
      System.clearProperty("robustness.run.id");
    }
  }

  @Test
  void setTakesUrisAsTheyAreAndListsAsHocon() {
    Config c =
        ConfigLoader.load(
            null,
            List.of(
                "robustness.dataset.uri=s3a://bucket/a b/images",
                "robustness.attack.epsilons=[0, 0.5]"));
    assertThat(c.getString("robustness.dataset.uri")).isEqualTo("s3a://bucket/a b/images");
    assertThat(c.getDoubleList("robustness.attack.epsilons")).containsExactly(0.0, 0.5);
  }

  @Test
  void relativePathsFollowTheFileThatSetsThem(@TempDir Path dir) throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Path file =
        Files.writeString(confDir.resolve("x.conf"), "robustness.dataset.uri = \"../data/images\"");
    Config c = ConfigLoader.load(file, List.of("robustness.model.uri=models/m.pt"));
    assertThat(
            LocalPaths.resolve(c, "robustness.dataset.uri", c.getString("robustness.dataset.uri")))
        .isEqualTo(dir.resolve("data/images").toUri().toString());
    assertThat(LocalPaths.resolve(c, "robustness.model.uri", c.getString("robustness.model.uri")))
        .isEqualTo(Path.of("").toAbsolutePath().resolve("models/m.pt").toUri().toString());
    assertThat(LocalPaths.resolve(c, "robustness.dataset.uri", "/abs/path")).isEqualTo("/abs/path");
    assertThat(LocalPaths.resolve(c, "robustness.dataset.uri", "hdfs://nn/x"))
        .isEqualTo("hdfs://nn/x");
  }

  @Test
  void missingFilesAndMalformedOverridesAreReportedTogether(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.conf"), List.of("no-equals-sign")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("nope.conf: no such file")
        .hasMessageContaining("--set no-equals-sign: expected key=value");
  }

  @Test
  void configFileNamesTheSettingsFileAsConfDoesAndTwoDifferentFilesAreRefused(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("a.conf"), "robustness.run.id = from-config-file");
    Path other = Files.writeString(dir.resolve("b.conf"), "robustness.run.id = other");
    System.setProperty("config.file", file.toString());
    try {
      assertThat(ConfigLoader.load(null, List.of()).getString("robustness.run.id"))
          .isEqualTo("from-config-file");
      assertThat(ConfigLoader.load(file, List.of()).getString("robustness.run.id"))
          .isEqualTo("from-config-file");
      assertThatThrownBy(() -> ConfigLoader.load(other, List.of()))
          .isInstanceOf(SettingsException.class)
          .hasMessageContaining("name different settings files");
    } finally {
      System.clearProperty("config.file");
    }
    System.setProperty("config.resource", "x.conf");
    try {
      assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
          .hasMessageContaining("-Dconfig.resource is not read");
    } finally {
      System.clearProperty("config.resource");
    }
  }
}
