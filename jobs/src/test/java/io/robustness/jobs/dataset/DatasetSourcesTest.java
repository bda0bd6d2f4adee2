package io.robustness.jobs.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.core.dataset.TarShards;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.testing.ConcurrentOpensFileSystem;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each layout's source on its own, without an audit: the same twenty MNIST images as class folders,
 * a manifest, Parquet and WebDataset shards give the same labels, and each layout's own kind of bad
 * data is refused or recorded as its source promises.
 */
class DatasetSourcesTest {

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path images;
  private static Classes classes;

  /** Relative path to label index, the truth every source must reproduce. */
  private static Map<String, Integer> truth;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkTestSession.start();
    images = SampleSubset.copy("mnist", 2, dir.resolve("images"));
    classes = new Classes(settings().model().spec().classes());
    truth = new TreeMap<>();
    try (Stream<Path> all = Files.walk(images)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        truth.put(
            images.relativize(f).toString(), classes.index(f.getParent().getFileName().toString()));
      }
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static AuditSettings settings(String... sets) {
    List<String> all = new ArrayList<>(List.of("robustness.dataset.uri=" + images));
    all.addAll(List.of(sets));
    return Samples.settings("mnist", dir.resolve("out"), "r", all.toArray(String[]::new));
  }

  private static DatasetSource source(Targets targets, String... sets) {
    AuditSettings settings = settings(sets);
    return DatasetSources.of(settings.dataset(), classes, targets, settings.hadoop());
  }

  /** The work's items as name (the part after the root or the '#') to label. */
  private static Map<String, Integer> labels(Work work) {
    Map<String, Integer> out = new TreeMap<>();
    for (WorkItem item : work.items().collect()) {
      assertThat(item.problem()).as(item.path()).isNull();
      out.put(name(item.path()), item.label());
    }
    return out;
  }

  private static String name(String path) {
    if (path.contains("#")) {
      return path.substring(path.indexOf('#') + 1);
    }
    int root = path.indexOf("/images/");
    return root < 0 ? path : path.substring(root + "/images/".length());
  }

  @Test
  void classFoldersAreListedBeforeSparkAndTheListingIsTheWork() throws IOException {
    DatasetSource source = source(new Targets(true, 3));
    List<String> problems = new ArrayList<>();
    source.preflight(new Configuration(), problems);
    assertThat(problems).isEmpty();
    Work work = source.open(spark);
    assertThat(work.knownCount()).isEqualTo(truth.size());
    assertThat(labels(work)).isEqualTo(truth);
    assertThat(work.items().collect()).allMatch(i -> i.target() == 3);
    assertThat(source.files(spark)).get().extracting(l -> l.items().size()).isEqualTo(20);
  }

  @Test
  void aFolderThatIsNoClassAndAnEmptyRootAreProblemsBeforeSpark() throws IOException {
    Path extra = dir.resolve("with-extra");
    SampleSubset.copy("mnist", 1, extra);
    Files.createDirectories(extra.resolve("horse"));
    Files.write(extra.resolve("horse/a.png"), new byte[] {1});
    List<String> problems = new ArrayList<>();
    source(Targets.NONE, "robustness.dataset.uri=" + extra)
        .preflight(new Configuration(), problems);
    assertThat(problems).singleElement().asString().contains("horse", "is not a class");

    Path empty = Files.createDirectories(dir.resolve("empty"));
    problems.clear();
    source(Targets.NONE, "robustness.dataset.uri=" + empty)
        .preflight(new Configuration(), problems);
    assertThat(problems).singleElement().asString().contains("holds no images to score");
  }

  @Test
  void aManifestGivesItsRowsWithTheirOwnTargetsAndRefusesABadRow() throws IOException {
    StringBuilder csv = new StringBuilder("path,label,target\n");
    truth.forEach((path, label) -> csv.append(path).append(',').append(label).append(",1\n"));
    Path manifest = dir.resolve("manifest.csv");
    Files.writeString(manifest, csv);
    DatasetSource source =
        source(
            new Targets(true, 5),
            "robustness.dataset.layout=manifest",
            "robustness.dataset.manifest=" + manifest);
    Work work = source.open(spark);
    assertThat(labels(work)).isEqualTo(truth);
    assertThat(work.items().collect()).allMatch(i -> i.target() == 1);
    assertThat(source.files(spark)).isPresent();

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "path,label\n0/x.png,zebra\n");
    DatasetSource refusing =
        source(
            Targets.NONE,
            "robustness.dataset.layout=manifest",
            "robustness.dataset.manifest=" + bad);
    assertThatThrownBy(() -> refusing.open(spark))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("row 1")
        .hasMessageContaining("'zebra'");
  }

  @Test
  void parquetRowsStreamWithTheirLabelsAndALabelThatIsNoClassIsRefusedByName() throws IOException {
    Path parquet = dir.resolve("parquet");
    writeParquet(parquet, null);
    DatasetSource source =
        source(
            Targets.NONE,
            "robustness.dataset.layout=parquet",
            "robustness.dataset.uri=" + parquet,
            "robustness.dataset.id-column=id");
    assertThat(labels(source.open(spark))).isEqualTo(truth);
    assertThat(source.files(spark)).isEmpty();

    Path bad = dir.resolve("parquet-bad");
    writeParquet(bad, "zebra");
    DatasetSource refusing =
        source(
            Targets.NONE,
            "robustness.dataset.layout=parquet",
            "robustness.dataset.uri=" + bad,
            "robustness.dataset.id-column=id");
    assertThatThrownBy(() -> refusing.open(spark))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("zebra");
  }

  /** Every image with its label as text, and one more row labelled {@code extraLabel} if set. */
  private static void writeParquet(Path out, String extraLabel) throws IOException {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("label", DataTypes.StringType)
            .add("image", DataTypes.BinaryType);
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (Map.Entry<String, Integer> e : truth.entrySet()) {
      rows.add(
          RowFactory.create(
              e.getKey(), e.getValue().toString(), Files.readAllBytes(images.resolve(e.getKey()))));
    }
    if (extraLabel != null) {
      rows.add(RowFactory.create("extra", extraLabel, new byte[] {1}));
    }
    spark.createDataFrame(rows, schema).repartition(2).write().parquet(out.toString());
  }

  @Test
  void shardsStreamTheirSamplesAndAMissingShardIsAnErrorItemNamingIt() throws IOException {
    Path shards = Files.createDirectories(dir.resolve("shards"));
    Files.write(shards.resolve("train-000000.tar"), everyImageAsAShard());
    DatasetSource source =
        source(
            Targets.NONE,
            "robustness.dataset.layout=webdataset",
            "robustness.dataset.uri=" + shards.resolve("train-{000000..000001}.tar"));
    List<WorkItem> items = source.open(spark).items().collect();
    assertThat(items.stream().filter(i -> i.problem() == null).map(WorkItem::label).sorted())
        .containsExactlyElementsOf(truth.values().stream().sorted().toList());
    assertThat(items.stream().filter(i -> i.problem() != null))
        .singleElement()
        .satisfies(i -> assertThat(i.path()).endsWith("train-000001.tar"));
    assertThat(source.files(spark)).isEmpty();
  }

  /** One shard holding every image with its label. */
  private static byte[] everyImageAsAShard() throws IOException {
    TarShards tar = new TarShards();
    int n = 0;
    for (Map.Entry<String, Integer> e : truth.entrySet()) {
      String key = String.format("%06d", n++);
      tar.member(key + ".png", Files.readAllBytes(images.resolve(e.getKey())))
          .member(key + ".cls", e.getValue().toString());
    }
    return tar.finish();
  }

  @Test
  void fewLargeShardsAreSpreadOverThePartitionsAsked() throws IOException {
    Path shards = Files.createDirectories(dir.resolve("one-shard"));
    Files.write(shards.resolve("all.tar"), everyImageAsAShard());
    Work work =
        source(
                Targets.NONE,
                "robustness.dataset.layout=webdataset",
                "robustness.dataset.uri=" + shards,
                "robustness.dataset.partitions=4")
            .open(spark);
    assertThat(work.items().getNumPartitions()).isEqualTo(4);
    assertThat(work.items().glom().collect()).filteredOn(p -> !p.isEmpty()).hasSizeGreaterThan(1);
    assertThat(work.items().count()).isEqualTo(truth.size());
  }

  @Test
  void decodedImagesAreReadWithTheConcurrencySetAndInTheDatasetsOrder() throws IOException {
    Map<String, String> probe =
        Map.of(
            "fs.file.impl",
            ConcurrentOpensFileSystem.class.getName(),
            "fs.file.impl.disable.cache",
            "true");
    AuditSettings serial =
        settings("robustness.dataset.read-concurrency=0", "robustness.dataset.partitions=1");
    ConcurrentOpensFileSystem.expect(1);
    DecodedImages.Result one =
        DecodedImages.read(spark, serial.dataset(), serial.model().spec(), probe);
    assertThat(ConcurrentOpensFileSystem.most()).isEqualTo(1);

    AuditSettings ahead =
        settings("robustness.dataset.read-concurrency=3", "robustness.dataset.partitions=1");
    ConcurrentOpensFileSystem.expect(3);
    DecodedImages.Result many =
        DecodedImages.read(spark, ahead.dataset(), ahead.model().spec(), probe);
    assertThat(ConcurrentOpensFileSystem.most()).isEqualTo(3);
    assertThat(many.failed()).isEmpty();
    assertThat(many.images())
        .extracting(DecodedImages.Decoded::id)
        .containsExactlyInAnyOrderElementsOf(one.images().stream().map(d -> d.id()).toList());
    assertThat(many.images().stream().map(d -> d.id()).toList()).isSorted();
  }
}
