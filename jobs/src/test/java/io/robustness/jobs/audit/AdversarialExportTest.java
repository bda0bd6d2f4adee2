package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code robustness.output.adversarial.epsilons}: every image's adversarial copy written by the
 * executors as PNG in the run's commit, and read back through the parquet layout.
 */
class AdversarialExportTest {

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

  private static List<Row> table(Path output, String table, String runId) {
    return spark
        .read()
        .parquet(output.resolve(table).toString())
        .filter("run_id = '" + runId + "'")
        .collectAsList();
  }

  @Test
  void exportsEveryImageAtTheChosenEpsilonsAndReadsThemBackAsParquet() throws IOException {
    Path images = SampleSubset.copy("fashion-mnist", 10, dir.resolve("images"));
    Path output = dir.resolve("out");
    AuditResult result =
        AuditJob.run(
            spark,
            Samples.settings(
                "fashion-mnist",
                output,
                "export",
                "robustness.dataset.uri=" + images,
                "robustness.attack.kinds=[fgsm, bim]",
                "robustness.attack.steps=3",
                "robustness.attack.epsilons=[0, 0.1, 0.2]",
                "robustness.output.adversarial.epsilons=[0.1]"));
    assertThat(result.run().imagesScored()).isEqualTo(100);

    List<Row> exported = table(output, Tables.ADVERSARIAL_EXAMPLES, "export");
    assertThat(exported).hasSize(200);
    assertThat(exported).extracting(r -> r.<Double>getAs("epsilon")).containsOnly(0.1);
    assertThat(exported).extracting(r -> r.<String>getAs("attack")).containsOnly("fgsm", "bim");
    for (Row r : exported) {
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.<byte[]>getAs("png")));
      assertThat(png.getWidth()).isEqualTo(28);
      assertThat(png.getHeight()).isEqualTo(28);
    }
    // The prediction beside each PNG is the one the samples table has for that image and attack.
    Map<String, Integer> predicted =
        table(output, Tables.SAMPLES, "export").stream()
            .filter(r -> r.<Double>getAs("epsilon") == 0.1)
            .collect(
                Collectors.toMap(
                    r -> r.getAs("attack") + " " + r.getAs("image_path"),
                    r -> r.<Integer>getAs("prediction")));
    for (Row r : exported) {
      assertThat(r.<Integer>getAs("prediction"))
          .isEqualTo(predicted.get(r.getAs("attack") + " " + r.getAs("image_path")));
    }

    // Read back by the parquet layout: the PNGs score as they did in the audit, but for the 8-bit
    // rounding of PNG.
    AuditResult back =
        AuditJob.run(
            spark,
            Samples.settings(
                "fashion-mnist",
                output,
                "back",
                "robustness.dataset.layout=parquet",
                "robustness.dataset.uri="
                    + output.resolve(Tables.ADVERSARIAL_EXAMPLES).resolve("run_id=export"),
                "robustness.dataset.image-column=png",
                "robustness.attack.epsilons=[0]"));
    assertThat(back.run().imagesScored()).isEqualTo(200);
    double accuracyBack = back.curve().get(0).accuracy();
    double accuracyExported =
        exported.stream()
                .filter(r -> r.<Integer>getAs("prediction").equals(r.<Integer>getAs("label")))
                .count()
            / 200.0;
    assertThat(accuracyBack).isCloseTo(accuracyExported, org.assertj.core.data.Offset.offset(0.03));
    // Another Parquet reader (DuckDB, as pandas or datasets would) sees the same images.
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement st = db.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery(
                "SELECT count(*), sum(octet_length(png)) FROM read_parquet('"
                    + output.resolve(Tables.ADVERSARIAL_EXAMPLES)
                    + "/*/*.parquet', hive_partitioning = true) WHERE run_id = 'export'")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(200);
      assertThat(rs.getLong(2))
          .isEqualTo(exported.stream().mapToLong(r -> r.<byte[]>getAs("png").length).sum());
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    // Without the setting the table is written, empty.
    AuditJob.run(
        spark,
        Samples.settings(
            "fashion-mnist",
            output,
            "none",
            "robustness.dataset.uri=" + images,
            "robustness.attack.epsilons=[0, 0.1]"));
    assertThat(table(output, Tables.ADVERSARIAL_EXAMPLES, "none")).isEmpty();
  }
}
