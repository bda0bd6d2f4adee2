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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * Copies {@code image} into the class folder of label index {@code label} under {@code images},
   * unless an earlier row copied it already.
   */
  private static void intoClassFolder(Path image, Path images, List<String> classes, String label)
      throws java.io.IOException {
    Path folder = Files.createDirectories(images.resolve(classes.get(Integer.parseInt(label))));
    Path target = folder.resolve(image.getFileName());
    if (!Files.exists(target)) {
      Files.copy(image, target);
    }
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
      intoClassFolder(preprocess.resolve("fashion").resolve(f[0]), images, classes, f[1]);
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

  /**
   * The issue-27 check, end to end: 300 sample images reshaped to twelve sizes (most upscaled),
   * audited with {@code resize = 36, crop = center} and the default {@code resize-rounding = pil}:
   * each image's adversarial prediction agrees with PyTorch's FGSM through the classic PIL pipeline
   * ({@code golden-fgsm-mixed.csv}) for at least 99% of the images at every epsilon.
   */
  @Test
  void mixedSizesAgreePerImageWithThePilPipelineUnderFgsm() throws Exception {
    Path resize = Samples.root().resolve("sample-data/preprocess/resize");
    List<String> rows = Files.readAllLines(resize.resolve("golden-fgsm-mixed.csv"));
    List<String> classes = Samples.settings("fashion-mnist", dir, "x").model().spec().classes();
    Path images = dir.resolve("mixed");
    Map<String, Integer> golden = new HashMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.strip().split(",");
      intoClassFolder(resize.resolve("mixed").resolve(f[0]), images, classes, f[1]);
      golden.put(f[1] + "/" + f[0] + "@" + Double.parseDouble(f[2]), Integer.parseInt(f[3]));
    }
    Path output = dir.resolve("mixed-out");
    AuditJob.run(
        spark,
        Samples.settings(
            "fashion-mnist",
            output,
            "mixed",
            "robustness.dataset.uri=" + images,
            "robustness.model.input.resize=36",
            "robustness.model.input.crop=center",
            "robustness.attack.epsilons=[0, 0.003, 0.01, 0.03, 0.1, 0.25]",
            "robustness.report.enabled=false"));
    Map<Double, int[]> agree = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(output.resolve(Tables.SAMPLES).toString())
            .filter("run_id = 'mixed'")
            .select("image_path", "epsilon", "label", "prediction")
            .collectAsList()) {
      Path path = Path.of(java.net.URI.create(r.getString(0)).getPath());
      String key = r.getInt(2) + "/" + path.getFileName() + "@" + r.getDouble(1);
      Integer expected = golden.get(key);
      assertThat(expected).as(key).isNotNull();
      int[] c = agree.computeIfAbsent(r.getDouble(1), e -> new int[2]);
      c[0] += expected == r.getInt(3) ? 1 : 0;
      c[1]++;
    }
    assertThat(agree).hasSize(6);
    agree.forEach(
        (eps, c) -> {
          System.out.printf(
              Locale.ROOT, "audit, mixed sizes, eps %.3f: %d of %d agree%n", eps, c[0], c[1]);
          assertThat(c[1]).isEqualTo(300);
          assertThat((double) c[0] / c[1]).as("eps %s", eps).isGreaterThanOrEqualTo(0.99);
        });
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
