package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every broken model stops the audit before Spark starts, with one message naming the model and the
 * fix: the driver's dry run on two random images.
 */
class BadModelTest {

  @TempDir Path dir;

  @BeforeAll
  static void master() {
    System.setProperty("spark.master", "local[2]");
  }

  @AfterAll
  static void clear() {
    System.clearProperty("spark.master");
  }

  private CliRun audit(Path model, String... sets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                "--conf",
                Samples.conf("fashion-mnist").toString(),
                "--set",
                "robustness.model.uri=" + model,
                "--set",
                "robustness.output.uri=" + dir.resolve("out")));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("1 problem in the settings; nothing was run")
        .contains(model.toString());
    assertThat(SparkSession.getDefaultSession().isEmpty()).as("Spark never started").isTrue();
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
    return run;
  }

  private static Path resource(String name) {
    return Samples.root().resolve("jobs/src/test/resources/models").resolve(name);
  }

  @Test
  void missingFile() {
    assertThat(audit(dir.resolve("gone.pt")).err())
        .contains("does not exist: check the path or bucket");
  }

  @Test
  void notTorchScript() throws Exception {
    Path pickle = Files.write(dir.resolve("state_dict.pt"), new byte[] {(byte) 0x80, 2, 'c', 'x'});
    assertThat(audit(pickle).err())
        .contains("is not a TorchScript module")
        .contains("torch.jit.save");
  }

  @Test
  void outputSizeDifferentFromTheClassList() {
    Path model = Samples.data("fashion-mnist").resolve("model.pt");
    String classes =
        "robustness.model.classes=[t-shirt_top, trouser, pullover, dress, coat, sandal, shirt,"
            + " sneaker, bag, ankle_boot, hat, scarf]";
    assertThat(audit(model, classes).err())
        .contains("returned logits of shape (2, 10) for 2 images, but the spec lists 12 classes")
        .contains("the class list must match the model's outputs");
  }

  @Test
  void nanOutputs() {
    assertThat(audit(resource("nan-outputs.pt")).err()).contains("returns NaN or infinite outputs");
  }

  @Test
  void moreThanOneOutput() {
    assertThat(audit(resource("two-outputs.pt")).err())
        .contains("returned 2 outputs; a classifier returns one");
  }

  @Test
  void wrongChannelCount() {
    Path model = Samples.data("fashion-mnist").resolve("model.pt");
    assertThat(
            audit(
                    model,
                    "robustness.model.input.channels=3",
                    "robustness.model.input.mean=[]",
                    "robustness.model.input.std=[]")
                .err())
        .contains("failed on a test batch of shape (2, 3, 28, 28)")
        .contains("expected input[2, 3, 28, 28] to have 1 channels, but got 3 channels")
        .contains("check robustness.model.input.channels, height and width");
  }

  @Test
  void wrongImageSize() {
    Path model = Samples.data("fashion-mnist").resolve("model.pt");
    assertThat(audit(model, "robustness.model.input.height=32").err())
        .contains("failed on a test batch of shape (2, 1, 32, 28)")
        .contains("mat1 and mat2 shapes cannot be multiplied");
  }
}
