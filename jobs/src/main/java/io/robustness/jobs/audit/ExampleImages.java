package io.robustness.jobs.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import ai.djl.Device;
import io.robustness.core.attack.Fgsm;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.image.ImageDecodeException;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.PixelImage;
import io.robustness.core.image.PngEncoder;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelLoadException;
import io.robustness.jobs.tables.ExampleTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The {@code examples} table: a few scored images re-attacked on the driver (with the model its dry
 * run loaded) to keep their pixels at every epsilon as PNGs, next to the predictions the executors
 * recorded for them. Pixels of the perturbation are amplified to fill [0,1] (grey 0.5 = unchanged)
 * so that it can be seen.
 */
final class ExampleImages {

  /** How many candidates to collect per flip epsilon; the picker spreads its choice over them. */
  private static final int PER_FLIP_EPSILON = 8;

  private final SparkSession spark;
  private final ScoringPlan plan;
  private final Configuration hadoop;
  private final ImageReader reader;
  private final ImagePreprocessor preprocessor;
  private final Fgsm fgsm;

  ExampleImages(SparkSession spark, ScoringPlan plan, Configuration hadoop) {
    this.spark = spark;
    this.plan = plan;
    this.hadoop = hadoop;
    this.reader = new ImageReader(hadoop, plan.maxPixels());
    this.preprocessor =
        new ImagePreprocessor(
            plan.spec().channels(), plan.spec().height(), plan.spec().width(), plan.maxPixels());
    this.fgsm = new Fgsm(plan.epsilons(), plan.mode());
  }

  Dataset<Row> build(Dataset<Row> flips, Dataset<Row> samples, int count) throws IOException {
    if (count <= 0) {
      return spark.createDataFrame(List.of(), ExampleTable.SCHEMA);
    }
    List<String> paths = ExamplePicker.pick(candidates(flips), count);
    Map<String, List<Row>> scores = scoresOf(samples, paths);
    List<Row> rows = new ArrayList<>();
    java.nio.file.Path model = LocalModelFiles.fetch(plan.modelUri(), hadoop);
    try (ModelLease lease = ModelCache.shared().acquire(model, plan.spec(), Device.cpu())) {
      for (String path : paths) {
        rows.addAll(render(lease, path, scores.get(path)));
      }
    } catch (ModelLoadException e) {
      throw new IllegalStateException("the model loaded for the dry run cannot be loaded again", e);
    }
    return spark.createDataFrame(rows, ExampleTable.SCHEMA);
  }

  private List<ExamplePicker.Candidate> candidates(Dataset<Row> flips) {
    Dataset<Row> ranked =
        flips.withColumn(
            "rank",
            row_number()
                .over(
                    Window.partitionBy(col("clean_correct"), col("flip_epsilon"))
                        .orderBy(col("image_path"))));
    List<ExamplePicker.Candidate> out = new ArrayList<>();
    for (Row r : ranked.filter(col("rank").leq(PER_FLIP_EPSILON)).collectAsList()) {
      Double flip = r.isNullAt(r.fieldIndex("flip_epsilon")) ? null : r.getAs("flip_epsilon");
      out.add(new ExamplePicker.Candidate(r.getAs("image_path"), r.getAs("clean_correct"), flip));
    }
    return out;
  }

  private static Map<String, List<Row>> scoresOf(Dataset<Row> samples, List<String> paths) {
    Map<String, List<Row>> out = new HashMap<>();
    Dataset<Row> picked =
        samples.filter(col("image_path").isin(paths.toArray())).orderBy("epsilon");
    for (Row r : picked.collectAsList()) {
      out.computeIfAbsent(r.getAs("image_path"), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /** The image's rows at every epsilon; {@code perEpsilon} are its samples, in grid order. */
  private List<Row> render(ModelLease lease, String path, List<Row> perEpsilon) throws IOException {
    PixelImage pixels;
    try {
      pixels = preprocessor.prepare(path, reader.read(path));
    } catch (ImageDecodeException e) {
      return List.of(); // it decoded on the executor; if it changed since, leave it out
    }
    int label = perEpsilon.get(0).getAs("label");
    Integer target = perEpsilon.get(0).getAs("target");
    ImageBatch batch =
        ImageBatch.of(
            List.of(pixels), new int[] {label}, new int[] {target == null ? label : target});
    List<float[]> adversarial = fgsm.adversarial(lease.model(), batch);
    byte[] original = PngEncoder.encode(pixels);
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < perEpsilon.size(); e++) {
      Row score = perEpsilon.get(e);
      double eps = score.getAs("epsilon");
      PixelImage adv =
          new PixelImage(pixels.channels(), pixels.height(), pixels.width(), adversarial.get(e));
      rows.add(
          RowFactory.create(
              path,
              label,
              score.getAs("label_name"),
              eps,
              score.getAs("prediction"),
              score.getAs("prediction_name"),
              score.getAs("confidence"),
              original,
              PngEncoder.encode(adv),
              PngEncoder.encode(amplified(pixels, adv.data(), eps))));
    }
    return rows;
  }

  private static PixelImage amplified(PixelImage original, float[] adversarial, double eps) {
    float[] out = new float[adversarial.length];
    for (int i = 0; i < out.length; i++) {
      float delta = adversarial[i] - original.data()[i];
      out[i] = eps == 0 ? 0.5f : (float) (0.5 + delta / (2 * eps));
    }
    return new PixelImage(original.channels(), original.height(), original.width(), out);
  }
}
