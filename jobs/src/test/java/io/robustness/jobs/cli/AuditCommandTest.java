package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.testing.GoldenCurve;
import io.robustness.core.testing.GoldenRow;
import io.robustness.core.testing.GoldenTest;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code audit} command as users call it: settings, dataset and model checked before Spark
 * starts.
 */
class AuditCommandTest {

  @AfterEach
  void clearSparkProperties() {
    System.clearProperty("spark.master");
    System.clearProperty("spark.ui.enabled");
  }

  /** Spark in local mode for the command, without its web UI. */
  private static void localSpark() {
    System.setProperty("spark.master", "local[2]");
    System.setProperty("spark.ui.enabled", "false");
  }

  @Test
  void everyProblemIsListedBeforeSparkStarts(@TempDir Path dir) throws IOException {
    Path images = dir.resolve("images");
    copyClass("coat", images);
    copyClass("bag", images);
    Files.createDirectories(images.resolve("horse"));
    Files.copy(
        Samples.data("fashion-mnist").resolve("images/bag/0240.png"),
        images.resolve("horse/h.png"));
    System.setProperty("spark.master", "local[2]");

    CliRun run =
        CliRun.of(
            "audit",
            "--conf",
            Samples.conf("fashion-mnist").toString(),
            "--set",
            "robustness.dataset.uri=" + images,
            "--set",
            "robustness.model.uri=" + dir.resolve("missing.pt"),
            "--set",
            "robustness.output.uri=" + dir.resolve("out"),
            "--set",
            "robustness.dataset.layout=by-folder",
            "--set",
            "robustness.attack.epsilons=[0, -0.5, 3]");

    String message = run.err();
    assertThat(run.exit()).isEqualTo(2);
    assertThat(message)
        .contains("problems in the settings; nothing was run")
        .contains("robustness.dataset.layout = \"by-folder\" is not a layout")
        .contains("robustness.attack.epsilons contains -0.5")
        .contains("robustness.attack.epsilons contains 3.0")
        .contains("robustness.model.uri = " + dir.resolve("missing.pt") + " does not exist");
    assertThat(SparkSession.getDefaultSession().isEmpty())
        .as("no Spark session was started")
        .isTrue();
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
  }

  @Test
  void classFoldersOutsideTheClassListAreReportedWithTheModelProblems(@TempDir Path dir)
      throws IOException {
    Path images = dir.resolve("images");
    copyClass("coat", images);
    Files.createDirectories(images.resolve("horse"));
    Files.copy(
        Samples.data("fashion-mnist").resolve("images/bag/0240.png"),
        images.resolve("horse/h.png"));
    Path notAModel = Files.writeString(dir.resolve("model.pt"), "weights? no");

    CliRun run =
        CliRun.of(
            "audit",
            "--conf",
            Samples.conf("fashion-mnist").toString(),
            "--set",
            "robustness.dataset.uri=" + images,
            "--set",
            "robustness.model.uri=" + notAModel,
            "--set",
            "robustness.output.uri=" + dir.resolve("out"),
            "--set",
            "robustness.model.input.mean=[0.5, 0.5, 0.5]");

    String message = run.err();
    assertThat(run.exit()).isEqualTo(2);
    assertThat(message)
        .contains("dataset folder " + images + "/horse is not a class of robustness.model.classes")
        .contains("robustness.model.input.mean has 3 values but input.channels is 1")
        .contains("no Spark master is set");
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
  }

  @Test
  void aModelProblemFoundWhileSparkStartsStopsTheSessionAndWritesNothing(@TempDir Path dir)
      throws IOException {
    Path notAModel = Files.writeString(dir.resolve("model.pt"), "weights? no");
    localSpark();

    CliRun run =
        CliRun.of(
            "audit",
            "--conf",
            Samples.conf("fashion-mnist").toString(),
            "--set",
            "robustness.model.uri=" + notAModel,
            "--set",
            "robustness.output.uri=" + dir.resolve("out"));

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("problem in the settings; nothing was run")
        .contains(notAModel.toString());
    assertThat(SparkSession.getDefaultSession().isEmpty())
        .as("the session started beside the dry run is stopped")
        .isTrue();
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
  }

  @Test
  @GoldenTest
  void aValidAuditPrintsTheCurveAndWhereTheTablesAre(@TempDir Path dir) {
    localSpark();

    CliRun run =
        CliRun.of(
            "audit",
            "--conf",
            Samples.conf("mnist").toString(),
            "--set",
            "robustness.output.uri=" + dir.resolve("out"),
            "--set",
            "robustness.run.id=cli-run",
            "--set",
            "robustness.attack.epsilons=[0, 0.1]");
    String printed = run.out();
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(printed)
        .contains("run cli-run succeeded: 300 images scored, 0 failed")
        .contains(cleanRowStart("mnist"))
        .contains("tables under file:" + dir.resolve("out"));
    assertThat(SparkSession.getDefaultSession().isEmpty())
        .as("the command stops its session")
        .isTrue();
  }

  /** The curve's first row as printed: epsilon 0, the image count and PyTorch's clean accuracy. */
  private static String cleanRowStart(String set) {
    GoldenCurve clean =
        GoldenCurve.of(GoldenRow.read(Samples.data(set).resolve("golden.csv"), "untargeted"))
            .get(0);
    return String.format(
        Locale.ROOT, "%8.4f %8d %9.4f", clean.epsilon(), clean.images(), clean.accuracy());
  }

  private static void copyClass(String name, Path images) throws IOException {
    Path from = Samples.data("fashion-mnist").resolve("images").resolve(name);
    Path to = Files.createDirectories(images.resolve(name));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
