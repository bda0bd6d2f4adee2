package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.core.dataset.TarShards;
import io.robustness.core.image.FailureReason;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad data in Parquet files and WebDataset shards: undecodable rows and members, files and shards
 * cut short or missing, labels that are not classes. Nothing is lost: each is an errors row (or,
 * when knowable before scoring, a settings problem) and the rest is scored.
 */
class BadDataLayoutsTest {

  private static final String EPSILONS = "robustness.attack.epsilons=[0, 0.1]";

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path output;
  private static List<byte[]> pngs;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start();
    output = dir.resolve("out");
    pngs = new ArrayList<>();
    try (Stream<Path> all = Files.walk(Samples.data("fashion-mnist").resolve("images/bag"))) {
      for (Path f : all.filter(Files::isRegularFile).sorted().limit(6).toList()) {
        pngs.add(Files.readAllBytes(f));
      }
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static AuditResult audit(String runId, String... sets) throws IOException {
    List<String> all = new ArrayList<>(List.of(EPSILONS));
    all.addAll(List.of(sets));
    return AuditJob.run(
        spark, Samples.settings("fashion-mnist", output, runId, all.toArray(String[]::new)));
  }

  private static List<Row> errors(String runId) {
    return spark
        .read()
        .parquet(output.resolve(Tables.ERRORS).toString())
        .filter("run_id = '" + runId + "'")
        .orderBy("image_path")
        .collectAsList();
  }

  private static Path parquet(String name, List<Row> rows) {
    StructType schema =
        new StructType().add("image", DataTypes.BinaryType).add("label", DataTypes.StringType);
    Path out = dir.resolve(name);
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.toString());
    return out;
  }

  private static Path onlyFile(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  @Test
  void parquetRowsThatDoNotDecodeAndFilesCutShortAreErrorsRows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (byte[] png : pngs) {
      rows.add(RowFactory.create(png, "bag"));
    }
    rows.add(RowFactory.create("not an image".getBytes(), "bag"));
    rows.add(RowFactory.create(null, "bag"));
    Path data = parquet("parquet-bad", rows);
    // A second file, cut in half as by an interrupted upload.
    Path whole = onlyFile(parquet("parquet-copy", rows.subList(0, 3)));
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = data.resolve("part-cut.parquet");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

    AuditResult result =
        audit("parquet-bad", "robustness.dataset.layout=parquet", "robustness.dataset.uri=" + data);

    assertThat(result.run().imagesScored()).isEqualTo(pngs.size());
    assertThat(result.run().imagesFailed()).isEqualTo(3);
    List<Row> errors = errors("parquet-bad");
    assertThat(errors).extracting(r -> r.<String>getAs("stage")).containsOnly("decode", "read");
    Row read =
        errors.stream().filter(r -> r.getAs("stage").equals("read")).findFirst().orElseThrow();
    assertThat(read.<String>getAs("image_path")).endsWith("part-cut.parquet");
    assertThat(read.<String>getAs("message")).contains("part-cut.parquet");
    assertThat(errors.stream().filter(r -> r.getAs("stage").equals("decode")))
        .extracting(r -> r.<String>getAs("image_path"))
        .allMatch(p -> p.matches("file:.*\\.parquet#[67]"));
  }

  /**
   * A column that spells its valid labels many ways (names, indices, padded with spaces or zeros)
   * still has its one bad value found: every distinct value is checked, not the first few.
   */
  @Test
  void aBadLabelAmongManyValidSpellingsIsStillRefusedBeforeScoring() {
    List<Row> rows = new ArrayList<>();
    for (int pad = 0; pad < 30; pad++) {
      for (int index = 0; index < 10; index++) {
        rows.add(RowFactory.create(pngs.get(0), " ".repeat(pad) + index));
      }
    }
    rows.add(RowFactory.create(pngs.get(1), "handbag"));
    Path data = parquet("parquet-many-labels", rows);
    Path out = dir.resolve("refused-many");

    assertThatThrownBy(
            () ->
                AuditJob.run(
                    spark,
                    Samples.settings(
                        "fashion-mnist",
                        out,
                        "labels",
                        "robustness.dataset.layout=parquet",
                        "robustness.dataset.uri=" + data)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("'handbag'");
    assertThat(out.resolve(Tables.RUNS)).doesNotExist();
  }

  @Test
  void parquetLabelsThatAreNotClassesAreRefusedBeforeScoring() {
    Path data =
        parquet(
            "parquet-labels",
            List.of(
                RowFactory.create(pngs.get(0), "bag"), RowFactory.create(pngs.get(1), "handbag")));
    Path out = dir.resolve("refused");

    assertThatThrownBy(
            () ->
                AuditJob.run(
                    spark,
                    Samples.settings(
                        "fashion-mnist",
                        out,
                        "labels",
                        "robustness.dataset.layout=parquet",
                        "robustness.dataset.uri=" + data)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("'handbag'")
        .hasMessageContaining("robustness.dataset.label-column");
    assertThat(out.resolve(Tables.RUNS)).doesNotExist();
  }

  @Test
  void parquetColumnsThatDoNotFitAreRefusedByName() {
    Path data = parquet("parquet-columns", List.of(RowFactory.create(pngs.get(0), "bag")));
    assertThatThrownBy(
            () ->
                audit(
                    "columns",
                    "robustness.dataset.layout=parquet",
                    "robustness.dataset.uri=" + data,
                    "robustness.dataset.image-column=picture",
                    "robustness.dataset.label-column=image"))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("robustness.dataset.image-column = picture is not a column")
        .hasMessageContaining("robustness.dataset.label-column = image has type binary");
  }

  @Test
  void shardsWithBadMembersCutShortOrMissingAreErrorsRowsAndTheRestIsScored() throws IOException {
    Path shards = Files.createDirectories(dir.resolve("shards"));
    byte[] good =
        new TarShards()
            .member("a.png", pngs.get(0))
            .member("a.cls", "8")
            .member("b.png", "garbage".getBytes())
            .member("b.cls", "8")
            .member("c.png", pngs.get(1))
            .member("c.cls", "99")
            .member("d.cls", "8")
            .member("e.png", pngs.get(2))
            .member("e.cls", "8")
            .finish();
    Files.write(shards.resolve("s-000.tar"), good);
    byte[] second =
        new TarShards()
            .member("f.png", pngs.get(3))
            .member("f.cls", "8")
            .member("g.png", pngs.get(4))
            .member("g.cls", "8")
            .finish();
    // Cut inside g.png: f is whole and scored, the rest of the shard is one read error.
    Files.write(shards.resolve("s-001.tar"), Arrays.copyOf(second, 512 * 4 + 512 + 100));

    audit(
        "shards-bad",
        "robustness.dataset.layout=webdataset",
        "robustness.dataset.uri=" + shards + "/s-{000..002}.tar");

    List<Row> errors = errors("shards-bad");
    assertThat(errors)
        .extracting(r -> r.getAs("image_path") + " " + r.getAs("stage") + " " + r.getAs("reason"))
        .containsExactlyInAnyOrder(
            "file:" + shards + "/s-000.tar#b decode " + errors.get(0).getAs("reason"),
            "file:" + shards + "/s-000.tar#c label UNKNOWN_LABEL",
            "file:" + shards + "/s-000.tar#d read MISSING_IMAGE",
            "file:" + shards + "/s-001.tar read UNREADABLE_SHARD",
            "file:" + shards + "/s-002.tar read UNREADABLE_SHARD");
    assertThat(errors)
        .extracting(r -> r.<String>getAs("reason"))
        .allSatisfy(reason -> assertThat(FailureReason.valueOf(reason)).isNotNull());
    Row cut =
        errors.stream()
            .filter(r -> r.<String>getAs("image_path").endsWith("s-001.tar"))
            .findFirst()
            .orElseThrow();
    assertThat(cut.<String>getAs("message")).contains("s-001.tar").contains("after 1 samples");
    List<Row> scored =
        spark
            .read()
            .parquet(output.resolve(Tables.SAMPLES).toString())
            .filter("run_id = 'shards-bad' AND epsilon = 0")
            .collectAsList();
    assertThat(scored)
        .extracting(r -> r.<String>getAs("image_path").replaceAll(".*#", ""))
        .containsExactlyInAnyOrder("a", "e", "f");
  }
}
