package io.robustness.jobs.harden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.audit.AuditResult;
import io.robustness.jobs.config.ConfigLoader;
import io.robustness.jobs.config.HardenSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.output.OutputTables;
import io.robustness.jobs.tables.RunLease;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.tables.TrainingTable;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.FaultyFileSystem;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code robustness harden} on the Fashion-MNIST sample's 300 images: the loss falls, the written
 * model is loaded and scored by the audit (and by torch.jit.load where Debian's python3-torch is),
 * a seeded run reproduces, static training reads an exported table, bad settings are refused.
 */
class HardenJobTest {

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static HardenSettings settings(String runId, String... sets) {
    List<String> all = new ArrayList<>();
    all.add("robustness.harden.dataset.uri=" + Samples.data("fashion-mnist").resolve("images"));
    all.add("robustness.harden.output-model=" + dir.resolve(runId + ".pt"));
    all.add("robustness.harden.batch-size=32");
    all.add("robustness.harden.epochs=2");
    all.add("robustness.harden.validation-fraction=0.2");
    all.add("robustness.output.uri=" + dir.resolve("out"));
    all.add("robustness.run.id=" + runId);
    all.addAll(List.of(sets));
    return HardenSettings.from(
        ConfigLoader.load(Samples.root().resolve("conf/harden-fashion-mnist.conf"), all));
  }

  private static HardenJob.Result harden(HardenSettings settings) throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    HardenJob.Result result =
        HardenJob.run(spark, settings, new PrintStream(progress, true, StandardCharsets.UTF_8));
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("epoch 2/2: loss");
    return result;
  }

  @Test
  void theLossFallsAndTheAuditLoadsAndScoresTheHardenedModel() throws Exception {
    HardenJob.Result result = harden(settings("mixed"));

    List<TrainingTable.Epoch> epochs = result.epochs();
    assertThat(epochs).hasSize(2);
    assertThat(epochs.get(1).loss()).isLessThan(epochs.get(0).loss());
    assertThat(result.trainImages() + result.validationImages()).isEqualTo(300);
    assertThat(result.validationImages()).isBetween(30, 90);
    List<Row> table =
        new TableReader(spark, dir.resolve("out").toString())
            .read(Tables.TRAINING)
            .filter("run_id = 'mixed'")
            .orderBy("epoch")
            .collectAsList();
    assertThat(table).hasSize(2);
    assertThat(table.get(1).<Double>getAs("loss")).isEqualTo(epochs.get(1).loss());
    assertThat(table.get(1).<Double>getAs("fgsm_accuracy")).isEqualTo(epochs.get(1).fgsmAccuracy());

    Path hardened = dir.resolve("mixed.pt");
    AuditResult audit =
        AuditJob.run(
            spark,
            Samples.settings(
                "fashion-mnist",
                dir.resolve("audit"),
                "hardened",
                "robustness.model.uri=" + hardened,
                "robustness.attack.epsilons=[0, 0.1]"));
    assertThat(audit.run().imagesScored()).isEqualTo(300);
    assertThat(audit.run().modelSha256())
        .isNotEqualTo(sha(Samples.data("fashion-mnist").resolve("model.pt")));

    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "no /usr/bin/python3: torch.jit.load not tried");
    Process check =
        new ProcessBuilder(
                python.toString(),
                "-c",
                "import torch; m = torch.jit.load('"
                    + hardened
                    + "'); "
                    + "print(m.training, tuple(m(torch.rand(3, 1, 28, 28)).shape))")
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assumeTrue(
        !out.contains("No module named 'torch'"),
        "python3 without torch: torch.jit.load not tried");
    assertThat(out.strip()).as(out).isEqualTo("False (3, 10)");
  }

  /**
   * A rerun of a committed hardening that fails in its commit, after its new model and training
   * rows were moved into place (the journal's last marker cannot be written), leaves the model file
   * and the training rows exactly as the first run committed them, removes its temporary files,
   * records its attempt and releases the run.
   */
  @Test
  void aFailedRerunLeavesTheCommittedModelAndRowsAndNoTemporaryFiles() throws Exception {
    harden(settings("twice"));
    Path model = dir.resolve("twice.pt");
    String committedModel = sha(model);
    List<Row> committedRows = training("twice");
    int tempDirs = hardenTempDirs();

    // Steps 0-3 set the old training rows and model aside and move the new ones in.
    FaultyFileSystem.failCreates("step-00004", 1);
    try {
      assertThatThrownBy(
              () ->
                  harden(
                      settings(
                          "twice",
                          "robustness.hadoop.\"fs.file.impl\"=" + FaultyFileSystem.class.getName(),
                          "robustness.hadoop.\"fs.file.impl.disable.cache\"=true")))
          .hasStackTraceContaining("injected failure creating");
    } finally {
      FaultyFileSystem.reset();
    }

    assertThat(sha(model)).isEqualTo(committedModel);
    assertThat(training("twice")).isEqualTo(committedRows);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".twice.pt."));
    }
    assertThat(hardenTempDirs()).isEqualTo(tempDirs);
    Path out = dir.resolve("out");
    assertThat(out.resolve("_staging")).doesNotExist();
    assertThat(out.resolve("_leases/twice")).doesNotExist();
    assertThat(
            new TableReader(spark, out.toString())
                .read(Tables.ATTEMPTS)
                .filter("run_id = 'twice'")
                .select("status")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("succeeded", "failed");
  }

  @Test
  void aSecondHardeningOfALiveRunIdIsRefused() throws Exception {
    try (RunLease live =
        RunLease.acquire(
            new org.apache.hadoop.conf.Configuration(),
            dir.resolve("out").toUri().toString(),
            "busy",
            java.time.Duration.ofMinutes(3),
            false)) {
      assertThatThrownBy(() -> harden(settings("busy")))
          .isInstanceOf(SettingsException.class)
          .hasMessageContaining("run busy is being written by a live attempt " + live.attempt());
    }
  }

  private static List<Row> training(String runId) {
    return new TableReader(spark, dir.resolve("out").toString())
        .read(Tables.TRAINING)
        .filter("run_id = '" + runId + "'")
        .orderBy("epoch")
        .collectAsList();
  }

  /** The hardening's temporary folders in this JVM's temporary directory. */
  private static int hardenTempDirs() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return (int) files.filter(f -> f.getFileName().toString().startsWith("harden")).count();
    }
  }

  @Test
  void aSeededRunReproducesOnCpu() throws Exception {
    HardenJob.Result first =
        harden(
            settings(
                "seed-a", "robustness.harden.method=fgsm-random-init", "robustness.harden.seed=4"));
    HardenJob.Result second =
        harden(
            settings(
                "seed-b", "robustness.harden.method=fgsm-random-init", "robustness.harden.seed=4"));
    assertThat(second.epochs())
        .extracting(TrainingTable.Epoch::loss)
        .isEqualTo(first.epochs().stream().map(TrainingTable.Epoch::loss).toList());
    assertThat(second.epochs())
        .extracting(TrainingTable.Epoch::fgsmAccuracy)
        .isEqualTo(first.epochs().stream().map(TrainingTable.Epoch::fgsmAccuracy).toList());
  }

  @Test
  void staticTrainingReadsTheExamplesAnAuditExported() throws Exception {
    Path exported = dir.resolve("exported");
    AuditJob.run(
        spark,
        Samples.settings(
            "fashion-mnist",
            exported,
            "export",
            "robustness.attack.epsilons=[0, 0.1]",
            "robustness.output.adversarial.epsilons=[0.1]"));
    HardenJob.Result result =
        harden(
            settings(
                "static",
                "robustness.harden.method=static",
                "robustness.harden.static-examples.uri=" + exported));
    // The clean training images plus the 300 exported examples.
    assertThat(result.trainImages()).isEqualTo(300 - result.validationImages() + 300);
  }

  /**
   * Hardening with Iceberg tables: the static method reads the examples an Iceberg audit exported
   * (no {@code static-examples.uri}: the run's own output), the training rows are committed to the
   * catalog's table with the model file, and a rerun that fails after moving its model into place
   * but before its publication is marked committed leaves the model and the training rows as the
   * first run committed them.
   */
  @Test
  void intoIcebergTheModelAndTheTrainingRowsAreCommittedTogether() throws Exception {
    Path work = dir.resolve("iceberg-work");
    String[] iceberg = {
      "robustness.output.format=iceberg",
      "robustness.output.catalog.name=harden_catalog",
      "robustness.output.catalog.type=jdbc",
      "robustness.output.catalog.uri=\"jdbc:sqlite:" + dir.resolve("catalog.db") + "\"",
      "robustness.output.catalog.warehouse=" + dir.resolve("warehouse").toUri()
    };
    List<String> audit = new ArrayList<>(List.of(iceberg));
    audit.addAll(
        List.of(
            "robustness.attack.epsilons=[0, 0.1]",
            "robustness.output.adversarial.epsilons=[0.1]",
            "robustness.report.enabled=false"));
    AuditJob.run(
        spark, Samples.settings("fashion-mnist", work, "export", audit.toArray(String[]::new)));
    List<String> harden = new ArrayList<>(List.of(iceberg));
    harden.add("robustness.output.uri=" + work);
    harden.add("robustness.harden.method=static");
    HardenSettings first = settings("ice", harden.toArray(String[]::new));
    assertThat(first.staticExamples()).isEqualTo(first.output());

    HardenJob.Result result = harden(first);
    assertThat(result.trainImages()).isEqualTo(300 - result.validationImages() + 300);
    assertThat(result.table()).startsWith("harden_catalog.robustness.training");
    Path model = dir.resolve("ice.pt");
    String committedModel = sha(model);
    TableReader tables = OutputTables.reader(spark, first.output());
    List<Row> committedRows = training(tables, "ice");
    assertThat(committedRows)
        .extracting(r -> r.<Double>getAs("loss"))
        .containsExactly(result.epochs().get(0).loss(), result.epochs().get(1).loss());
    assertThat(work.resolve(Tables.TRAINING)).doesNotExist();

    // The publication journal is written when training is published and when it is marked
    // committed: the second write fails, after the new model was moved into place.
    harden.addAll(
        List.of(
            "robustness.harden.epochs=1",
            "robustness.hadoop.\"fs.file.impl\"=" + FaultyFileSystem.class.getName(),
            "robustness.hadoop.\"fs.file.impl.disable.cache\"=true"));
    FaultyFileSystem.failCreatesAfter("_iceberg_published.next", 1, 1);
    try {
      assertThatThrownBy(() -> harden(settings("ice", harden.toArray(String[]::new))))
          .hasStackTraceContaining("injected failure creating _iceberg_published.next");
      assertThat(FaultyFileSystem.injected()).isEqualTo(1);
    } finally {
      FaultyFileSystem.reset();
    }

    assertThat(sha(model)).isEqualTo(committedModel);
    assertThat(training(OutputTables.reader(spark, first.output()), "ice"))
        .isEqualTo(committedRows);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".ice.pt."));
    }
    assertThat(work.resolve("_staging")).doesNotExist();
    assertThat(
            OutputTables.reader(spark, first.output())
                .read(Tables.ATTEMPTS)
                .filter("run_id = 'ice'")
                .select("status")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder("succeeded", "failed");
  }

  private static List<Row> training(TableReader tables, String runId) {
    return tables
        .read(Tables.TRAINING)
        .filter("run_id = '" + runId + "'")
        .orderBy("epoch")
        .collectAsList();
  }

  @Test
  void badSettingsAreRefusedTogetherByKey() {
    assertThatThrownBy(
            () ->
                settings(
                    "bad",
                    "robustness.harden.method=pgd",
                    "robustness.harden.epsilon=2",
                    "robustness.harden.optimizer=lbfgs",
                    "robustness.harden.validation-fraction=1",
                    "robustness.harden.output-model=\"\""))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("robustness.harden.method = \"pgd\" is not a method")
        .hasMessageContaining("robustness.harden.epsilon = 2.0 must be in [0, 1]")
        .hasMessageContaining("robustness.harden.optimizer = \"lbfgs\" is not sgd or adam")
        .hasMessageContaining("robustness.harden.validation-fraction = 1.0 must be above 0")
        .hasMessageContaining("robustness.harden.output-model is not set");
    assertThatThrownBy(() -> settings("ds", "robustness.harden.dataset.layout=tar"))
        .hasMessageContaining("robustness.harden.dataset.layout = \"tar\" is not a layout");
  }

  @Test
  void aModelThatIsNotTorchScriptIsRefusedBeforeSparkStarts() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.pt"), "not a model");
    System.setProperty("spark.master", "local[1]");
    try {
      CliRun run =
          CliRun.of(
              "harden",
              "--conf",
              Samples.root().resolve("conf/harden-fashion-mnist.conf").toString(),
              "--set",
              "robustness.model.uri=" + bad,
              "--set",
              "robustness.harden.dataset.uri=" + Samples.data("fashion-mnist").resolve("images"));
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err()).contains(bad.toString()).contains("torch.jit.save");
    } finally {
      System.clearProperty("spark.master");
    }
  }

  private static String sha(Path file) throws IOException {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
