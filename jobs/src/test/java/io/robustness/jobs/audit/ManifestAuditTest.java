package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest layout (CSV and Parquet), targeted attacks through it, and bad manifests. */
class ManifestAuditTest {

  @TempDir static Path dir;
  private static SparkSession spark;
  private static List<String[]> entries; // relative path, label name, label index

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start();
    entries = new ArrayList<>();
    Path images = Samples.data("mnist").resolve("images");
    for (int digit = 0; digit < 10; digit++) {
      try (Stream<Path> files = Files.list(images.resolve(Integer.toString(digit)))) {
        files
            .sorted()
            .limit(4)
            .forEach(
                f ->
                    entries.add(
                        new String[] {
                          images.relativize(f).toString(), f.getParent().getFileName().toString()
                        }));
      }
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> table(Path output, String table, String runId) {
    return spark
        .read()
        .parquet(output.resolve(table).toString())
        .filter("run_id = '" + runId + "'");
  }

  @Test
  void csvManifestWithRelativePathsAndPerImageTargets() throws IOException {
    StringBuilder csv = new StringBuilder("path,label,target\n");
    for (String[] e : entries) {
      int label = Integer.parseInt(e[1]);
      csv.append(e[0]).append(',').append(e[1]).append(',').append((label + 1) % 10).append('\n');
    }
    Path manifest = Files.writeString(dir.resolve("manifest.csv"), csv.toString());
    Path output = dir.resolve("out-csv");
    AuditSettings settings =
        Samples.settings(
            "mnist",
            output,
            "csv",
            "robustness.dataset.layout=manifest",
            "robustness.dataset.manifest=" + manifest,
            "robustness.attack.targeted=true",
            "robustness.attack.epsilons=[0, 0.1, 0.3]");

    AuditResult result = AuditJob.run(spark, settings);

    assertThat(result.run().imagesScored()).isEqualTo(40);
    assertThat(result.run().attack()).isEqualTo("fgsm-targeted");
    Dataset<Row> samples = table(output, Tables.SAMPLES, "csv");
    assertThat(samples.count()).isEqualTo(120);
    assertThat(samples.filter("target = (label + 1) % 10").count()).isEqualTo(120);
    samples.createOrReplaceTempView("t");
    double reached =
        spark
            .sql(
                "SELECT sum(CASE WHEN prediction = target AND clean_prediction = label THEN 1 END)"
                    + " / sum(CASE WHEN clean_prediction = label THEN 1 END) FROM t WHERE epsilon = 0.3")
            .first()
            .getDouble(0);
    double reported =
        table(output, Tables.CURVES, "csv")
            .filter("epsilon = 0.3")
            .first()
            .getAs("attack_success_rate");
    assertThat(reported).isEqualTo(reached);
    assertThat(reported).isGreaterThan(0.2);
  }

  @Test
  void parquetManifestWithAbsoluteUrisAndLabelIndices() throws IOException {
    Path images = Samples.data("mnist").resolve("images");
    List<Row> rows = new ArrayList<>();
    for (String[] e : entries) {
      rows.add(RowFactory.create(images.resolve(e[0]).toUri().toString(), Long.parseLong(e[1])));
    }
    StructType schema =
        new StructType().add("path", DataTypes.StringType).add("label", DataTypes.LongType);
    Path manifest = dir.resolve("manifest.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(manifest.toString());
    Path output = dir.resolve("out-parquet");

    AuditResult result =
        AuditJob.run(
            spark,
            Samples.settings(
                "mnist",
                output,
                "pq",
                "robustness.dataset.layout=manifest",
                "robustness.dataset.manifest=" + manifest,
                "robustness.dataset.partitions=3"));

    assertThat(result.run().imagesScored()).isEqualTo(40);
    assertThat(table(output, Tables.SAMPLES, "pq").select("image_path").distinct().count())
        .isEqualTo(40);
    assertThat(table(output, Tables.CLASS_CURVES, "pq").select("label_name").distinct().count())
        .isEqualTo(10);
  }

  @Test
  void badRowsStopTheRunBeforeScoring() throws IOException {
    Path manifest =
        Files.writeString(
            dir.resolve("bad.csv"),
            "path,label\n"
                + entries.get(0)[0]
                + ",7\n"
                + entries.get(1)[0]
                + ",eleven\n,3\n"
                + entries.get(2)[0]
                + ",12\n");
    Path output = dir.resolve("out-bad");
    AuditSettings settings =
        Samples.settings(
            "mnist",
            output,
            "bad",
            "robustness.dataset.layout=manifest",
            "robustness.dataset.manifest=" + manifest);

    assertThatThrownBy(() -> AuditJob.run(spark, settings))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("row 2: label 'eleven' is neither a class name")
        .hasMessageContaining("row 3: path is empty")
        .hasMessageContaining("row 4: label '12'");
    assertThat(Files.exists(output.resolve(Tables.SAMPLES))).isFalse();
  }

  @Test
  void aManifestWithoutTheRequiredColumnsIsNamed() throws IOException {
    Path manifest = Files.writeString(dir.resolve("cols.csv"), "file,class\na.png,1\n");
    AuditSettings settings =
        Samples.settings(
            "mnist",
            dir.resolve("out-cols"),
            "cols",
            "robustness.dataset.layout=manifest",
            "robustness.dataset.manifest=" + manifest);
    assertThatThrownBy(() -> AuditJob.run(spark, settings))
        .hasMessageContaining("has columns [file, class]: it needs path and label");
  }
}
