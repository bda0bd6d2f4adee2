package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audits with torchvision's Resize(N) + CenterCrop over images of mixed sizes: the clean accuracy
 * is the one PyTorch's own preprocessing gives (golden predictions from sample-data/generate.py),
 * and the report's examples are the cropped inputs the model saw.
 */
class ImageNetPreprocessingAuditTest {

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

  @Test
  void mixedSizesScoreAsTorchvisionPreprocessesThem() throws Exception {
    Path preprocess = Samples.root().resolve("sample-data/preprocess");
    List<String> rows = Files.readAllLines(preprocess.resolve("golden-predictions.csv"));
    List<String> classes = Samples.settings("fashion-mnist", dir, "x").model().spec().classes();
    Path images = dir.resolve("images");
    int correct = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.strip().split(",");
      Path folder = Files.createDirectories(images.resolve(classes.get(Integer.parseInt(f[1]))));
      Files.copy(preprocess.resolve("fashion").resolve(f[0]), folder.resolve(f[0]));
      correct += f[1].equals(f[2]) ? 1 : 0;
    }
    Path output = dir.resolve("out");
    AuditResult result =
        AuditJob.run(
            spark,
            Samples.settings(
                "fashion-mnist",
                output,
                "crop",
                "robustness.dataset.uri=" + images,
                "robustness.model.input.resize=32",
                "robustness.model.input.crop=center",
                "robustness.attack.epsilons=[0, 0.1]"));

    assertThat(result.run().imagesScored()).isEqualTo(40);
    assertThat(result.curve().get(0).accuracy()).isEqualTo(correct / 40.0);
    List<Row> examples =
        spark
            .read()
            .parquet(output.resolve(Tables.EXAMPLES).toString())
            .filter("run_id = 'crop'")
            .collectAsList();
    assertThat(examples).isNotEmpty();
    for (Row r : examples) {
      BufferedImage shown = ImageIO.read(new ByteArrayInputStream(r.<byte[]>getAs("original_png")));
      assertThat(shown.getWidth()).isEqualTo(28);
      assertThat(shown.getHeight()).isEqualTo(28);
    }
  }

  /** The ImageNet-shaped sample, when its model was generated (it needs Python; not in git). */
  @Test
  void theMobileNetSampleAuditsItsMixedSizes() throws Exception {
    Path model = Samples.root().resolve("sample-data/mobilenet/model.pt");
    assumeTrue(
        Files.exists(model),
        "no sample-data/mobilenet: /usr/bin/python3 deploy/local/bench/make_mobilenet.py sample-data/mobilenet");
    AuditResult result =
        AuditJob.run(
            spark,
            Samples.settings(
                "mobilenet-imagenet",
                dir.resolve("mobilenet"),
                "mobilenet",
                "robustness.report.enabled=false"));
    assertThat(result.run().imagesScored()).isEqualTo(6);
  }
}
