package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.dataset.TarSample;
import io.robustness.core.dataset.TarSampleReader;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code robustness convert}: the sample as shards and as Hugging Face Parquet, bytes unchanged.
 */
class ConvertCommandTest {

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

  private static CliRun convert(String to, Path out) {
    return CliRun.of(
        "convert",
        "--conf",
        Samples.conf("fashion-mnist").toString(),
        "--to",
        to,
        "--out",
        out.toString(),
        "--files",
        "2");
  }

  @Test
  void writesShardsWhoseMembersAreTheImagesAndLabels() throws IOException {
    Path out = dir.resolve("shards");
    CliRun run = convert("webdataset", out);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote 300 images as webdataset");

    List<Path> shards;
    try (Stream<Path> files = Files.list(out)) {
      shards = files.filter(f -> f.toString().endsWith(".tar")).sorted().toList();
    }
    assertThat(shards).hasSize(2);
    int samples = 0;
    Path images = Samples.data("fashion-mnist").resolve("images");
    for (Path shard : shards) {
      try (InputStream in = Files.newInputStream(shard);
          TarSampleReader reader = new TarSampleReader(in, List.of("png", "cls"), 1 << 20)) {
        for (TarSample s = reader.next(); s != null; s = reader.next()) {
          samples++;
          assertThat(s.image().orElseThrow().getValue())
              .isEqualTo(Files.readAllBytes(images.resolve(s.key() + ".png")));
          assertThat(s.labelText()).isPresent();
        }
      }
    }
    assertThat(samples).isEqualTo(300);
    assertThat(convert("webdataset", out).exit())
        .as("an existing output is not overwritten")
        .isNotZero();
  }

  @Test
  void writesHuggingFaceParquet() throws IOException {
    Path out = dir.resolve("hf");
    CliRun run = convert("parquet-hf", out);
    assertThat(run.exit()).as(run.err()).isZero();

    Dataset<Row> rows = spark.read().parquet(out.toString());
    assertThat(rows.count()).isEqualTo(300);
    assertThat(rows.schema().apply("image").dataType().simpleString())
        .isEqualTo("struct<bytes:binary,path:string>");
    Row first = rows.orderBy("path").first();
    Path file =
        Samples.data("fashion-mnist").resolve("images").resolve(first.<String>getAs("path"));
    assertThat(first.<Row>getAs("image").<byte[]>getAs("bytes"))
        .isEqualTo(Files.readAllBytes(file));
  }
}
