package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.core.dataset.TarShards;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.dataset.DatasetExport;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
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

/**
 * The Fashion-MNIST sample as class folders, as Parquet (a binary column written by convert, and
 * the Hugging Face image struct written here) and as WebDataset shards (written here, and named by
 * a folder and by a brace pattern): the same images give the same curves, and samples are the same
 * run after run.
 */
class DatasetLayoutsAuditTest {

  private static final String EPSILONS = "robustness.attack.epsilons=[0, 0.05, 0.1, 0.3]";

  /** The layouts change what is read, not the report: eleven audits need none. */
  private static final String NO_REPORT = "robustness.report.enabled=false";

  private static final int SHARDS = 3;

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path output;
  private static Path images;
  private static List<String[]> files; // relative path, label index

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start();
    output = dir.resolve("out");
    images = Samples.data("fashion-mnist").resolve("images");
    List<String> classes = Samples.settings("fashion-mnist", output, "x").model().spec().classes();
    files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(images)) {
      for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
        String relative = images.relativize(f).toString();
        files.add(
            new String[] {
              relative, Integer.toString(classes.indexOf(f.getParent().getFileName().toString()))
            });
      }
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static AuditResult audit(String runId, String... sets) throws IOException {
    List<String> all = new ArrayList<>(List.of(EPSILONS, NO_REPORT));
    all.addAll(List.of(sets));
    AuditSettings settings =
        Samples.settings("fashion-mnist", output, runId, all.toArray(String[]::new));
    return AuditJob.run(spark, settings);
  }

  private static List<Row> curves(String runId) {
    return spark
        .read()
        .parquet(output.resolve(Tables.CURVES).toString())
        .filter("run_id = '" + runId + "'")
        .drop("run_id")
        .orderBy("attack", "epsilon")
        .collectAsList();
  }

  private static Dataset<Row> cleanSamples(String runId) {
    return spark
        .read()
        .parquet(output.resolve(Tables.SAMPLES).toString())
        .filter("run_id = '" + runId + "' AND epsilon = 0");
  }

  private static Path huggingFaceParquet() {
    Path out = dir.resolve("hf");
    if (Files.exists(out)) {
      return out;
    }
    StructType image =
        new StructType().add("bytes", DataTypes.BinaryType).add("path", DataTypes.StringType);
    StructType schema = new StructType().add("image", image).add("label", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    for (String[] f : files) {
      rows.add(
          RowFactory.create(
              RowFactory.create(read(images.resolve(f[0])), Path.of(f[0]).getFileName().toString()),
              Long.parseLong(f[1])));
    }
    // Three files, as the datasets library shards an export.
    spark.createDataFrame(rows, schema).repartition(3).write().parquet(out.toString());
    return out;
  }

  private static Path shards() throws IOException {
    Path out = dir.resolve("shards");
    if (Files.exists(out)) {
      return out;
    }
    Files.createDirectories(out);
    List<TarShards> tars = new ArrayList<>();
    for (int s = 0; s < SHARDS; s++) {
      tars.add(new TarShards());
    }
    for (int i = 0; i < files.size(); i++) {
      String[] f = files.get(i);
      String key = String.format("%06d", i);
      tars.get(i % SHARDS)
          .member(key + ".png", read(images.resolve(f[0])))
          .member(key + ".cls", f[1]);
    }
    for (int s = 0; s < SHARDS; s++) {
      Files.write(out.resolve(String.format("train-%06d.tar", s)), tars.get(s).finish());
    }
    return out;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theSameImagesGiveTheSameCurvesInEveryLayout() throws IOException {
    AuditResult folders = audit("folders");
    Path binary = dir.resolve("binary");
    DatasetExport.write(
        spark,
        Samples.settings("fashion-mnist", output, "x"),
        DatasetExport.Target.PARQUET,
        binary.toString(),
        4);
    audit("parquet", "robustness.dataset.layout=parquet", "robustness.dataset.uri=" + binary);
    audit(
        "hf",
        "robustness.dataset.layout=parquet",
        "robustness.dataset.uri=" + huggingFaceParquet());
    audit("tar", "robustness.dataset.layout=webdataset", "robustness.dataset.uri=" + shards());
    audit(
        "braces",
        "robustness.dataset.layout=webdataset",
        "robustness.dataset.uri=" + shards() + "/train-{000000..000002}.tar");

    assertThat(folders.run().imagesScored()).isEqualTo(files.size());
    List<Row> reference = curves("folders");
    assertThat(reference).isNotEmpty();
    for (String run : List.of("parquet", "hf", "tar", "braces")) {
      assertThat(curves(run)).as(run).isEqualTo(reference);
      assertThat(cleanSamples(run).count()).as(run).isEqualTo(files.size());
    }
    // Ids: <file>#<row> without an id column, <shard>#<key> for shards.
    assertThat(cleanSamples("hf").first().<String>getAs("image_path"))
        .matches("file:.*\\.parquet#\\d+");
    assertThat(cleanSamples("tar").first().<String>getAs("image_path"))
        .matches("file:.*/train-00000\\d\\.tar#\\d{6}");
    Row run =
        spark
            .read()
            .parquet(output.resolve(Tables.RUNS).toString())
            .filter("run_id = 'tar'")
            .first();
    assertThat(run.<String>getAs("dataset_layout")).isEqualTo("webdataset");
    assertThat(run.<Long>getAs("images_total")).isEqualTo((long) files.size());
  }

  @Test
  void samplesAreStableProportionalAndCappedPerClassInEveryLayout() throws IOException {
    String half = "robustness.dataset.sample.fraction=0.5";
    audit("half-1", half, "robustness.dataset.sample.seed=11");
    audit("half-2", half, "robustness.dataset.sample.seed=11");
    audit("half-other", half, "robustness.dataset.sample.seed=12");
    Set<String> first = paths("half-1");
    assertThat(paths("half-2")).isEqualTo(first);
    assertThat(paths("half-other")).isNotEqualTo(first);
    // 300 images, p = 0.5: five standard deviations either side.
    assertThat(first.size()).isBetween(150 - 44, 150 + 44);

    String cap = "robustness.dataset.sample.per-class=7";
    audit("cap-folders", cap, "robustness.dataset.sample.seed=5");
    Path binary = dir.resolve("binary-ids");
    DatasetExport.write(
        spark,
        Samples.settings("fashion-mnist", output, "x"),
        DatasetExport.Target.PARQUET,
        binary.toString(),
        2);
    audit(
        "cap-parquet",
        cap,
        "robustness.dataset.sample.seed=5",
        "robustness.dataset.layout=parquet",
        "robustness.dataset.uri=" + binary,
        "robustness.dataset.id-column=path");
    audit(
        "cap-tar",
        cap,
        "robustness.dataset.sample.seed=5",
        "robustness.dataset.layout=webdataset",
        "robustness.dataset.uri=" + shards());
    for (String run : List.of("cap-folders", "cap-parquet", "cap-tar")) {
      assertThat(perClass(run))
          .as(run)
          .hasSize(10)
          .allSatisfy((label, n) -> assertThat(n).isEqualTo(7L));
    }
    // The same ids (relative paths) give the same sample, whatever the layout.
    Set<String> folders =
        paths("cap-folders").stream()
            .map(p -> p.substring(p.indexOf("/images/") + 8))
            .collect(Collectors.toSet());
    assertThat(paths("cap-parquet")).isEqualTo(folders);
    assertThat(curves("cap-parquet")).isEqualTo(curves("cap-folders"));
    Row run =
        spark
            .read()
            .parquet(output.resolve(Tables.RUNS).toString())
            .filter("run_id = 'cap-tar'")
            .first();
    assertThat(run.<Long>getAs("sample_per_class")).isEqualTo(7L);
    assertThat(run.<Long>getAs("sample_seed")).isEqualTo(5L);
    assertThat(run.<Double>getAs("sample_fraction")).isEqualTo(1.0);
  }

  @Test
  void aSampleThatKeepsNothingIsRefusedWhenKnownAndFailsTheRunOtherwise() throws IOException {
    String tiny = "robustness.dataset.sample.fraction=0.0001";
    assertThatThrownBy(() -> audit("empty-folders", tiny))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("the sample keeps none of the " + files.size() + " images");
    assertThatThrownBy(
            () ->
                audit(
                    "empty-tar",
                    tiny,
                    "robustness.dataset.layout=webdataset",
                    "robustness.dataset.uri=" + shards()))
        .hasMessageContaining("the dataset gave no images to score");
    Row run =
        spark
            .read()
            .parquet(output.resolve(Tables.RUNS).toString())
            .filter("run_id = 'empty-tar'")
            .first();
    assertThat(run.<String>getAs("status")).isEqualTo("failed");
  }

  private static Set<String> paths(String runId) {
    return cleanSamples(runId).select("image_path").collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toSet());
  }

  private static Map<Integer, Long> perClass(String runId) {
    Map<Integer, Long> out = new TreeMap<>();
    for (Row r : cleanSamples(runId).groupBy("label").count().collectAsList()) {
      out.put(r.getInt(0), r.getLong(1));
    }
    return out;
  }
}
