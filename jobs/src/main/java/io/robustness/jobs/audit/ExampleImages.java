package io.robustness.jobs.audit;

import static io.robustness.jobs.tables.Columns.CLEAN_CORRECT;
import static io.robustness.jobs.tables.Columns.FLIP_EPSILON;
import static io.robustness.jobs.tables.Columns.IMAGE_PATH;
import static io.robustness.jobs.tables.Columns.LABEL;
import static io.robustness.jobs.tables.Columns.TARGET;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import ai.djl.Device;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.image.PixelImage;
import io.robustness.core.image.PngEncoder;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelLoadException;
import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.ImageScorer;
import io.robustness.core.scoring.ScoredImage;
import io.robustness.jobs.tables.ExampleRows;
import io.robustness.jobs.tables.ExampleRows.Example;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The {@code examples} table: a few scored images attacked again on the driver (with the model its
 * dry run loaded), through the same scoring path as the executors, keeping their pixels at every
 * epsilon as PNGs beside what the model said of them. Pixels of the perturbation are amplified to
 * fill [0,1] (grey 0.5 = unchanged) so that it can be seen.
 */
final class ExampleImages {

  /** How many candidates to collect per flip epsilon; the picker spreads its choice over them. */
  private static final int PER_FLIP_EPSILON = 8;

  private final SparkSession spark;
  private final ScoringPlan plan;
  private final Configuration hadoop;

  ExampleImages(SparkSession spark, ScoringPlan plan, Configuration hadoop) {
    this.spark = spark;
    this.plan = plan;
    this.hadoop = hadoop;
  }

  Dataset<Row> build(Dataset<Row> flips, Dataset<Row> samples, int count) throws IOException {
    List<Example> examples = new ArrayList<>();
    if (count > 0) {
      List<String> paths = ExamplePicker.pick(candidates(flips), count);
      java.nio.file.Path model = LocalModelFiles.fetch(plan.modelUri(), hadoop);
      try (ModelLease lease = ModelCache.shared().acquire(model, plan.spec(), Device.cpu())) {
        Iterator<ScoredImage<WorkItem>> results =
            scorer().score(lease.model(), inputs(samples, paths).iterator());
        results.forEachRemaining(r -> render(r, examples));
      } catch (ModelLoadException e) {
        throw new IllegalStateException(
            "the model loaded for the dry run cannot be loaded again", e);
      }
    }
    return ExampleRows.frame(spark, examples);
  }

  private ImageScorer scorer() {
    return plan.scorer().keeping(new HashSet<>(plan.attack().epsilons()));
  }

  private List<ExamplePicker.Candidate> candidates(Dataset<Row> flips) {
    Dataset<Row> ranked =
        flips.withColumn(
            "rank",
            row_number()
                .over(
                    Window.partitionBy(col(CLEAN_CORRECT), col(FLIP_EPSILON))
                        .orderBy(col(IMAGE_PATH))));
    List<ExamplePicker.Candidate> out = new ArrayList<>();
    for (Row r : ranked.filter(col("rank").leq(PER_FLIP_EPSILON)).collectAsList()) {
      out.add(
          new ExamplePicker.Candidate(
              r.getAs(IMAGE_PATH), r.getAs(CLEAN_CORRECT), r.<Double>getAs(FLIP_EPSILON)));
    }
    return out;
  }

  /** The picked images with their label and target, as the executors scored them. */
  private List<ImageInput<WorkItem>> inputs(Dataset<Row> samples, List<String> paths) {
    ImageReader reader = new ImageReader(hadoop, plan.maxPixels());
    List<ImageInput<WorkItem>> out = new ArrayList<>();
    for (Row r :
        samples
            .filter(col(IMAGE_PATH).isin(paths.toArray()))
            .select(IMAGE_PATH, LABEL, TARGET)
            .distinct()
            .orderBy(IMAGE_PATH)
            .collectAsList()) {
      Integer target = r.getAs(TARGET);
      WorkItem item =
          new WorkItem(r.getAs(IMAGE_PATH), r.getAs(LABEL), target == null ? -1 : target);
      out.add(item.input(reader));
    }
    return out;
  }

  /** The image's rows at every epsilon; an image that no longer decodes is left out. */
  private void render(ScoredImage<WorkItem> result, List<Example> out) {
    if (!(result instanceof ScoredImage.Scored<WorkItem> scored)) {
      return; // it decoded on the executor; if it changed since, leave it out
    }
    List<String> classes = plan.spec().classes();
    WorkItem item = scored.item();
    byte[] original = PngEncoder.encode(scored.pixels());
    for (EpsilonScore s : scored.outcome().perturbed()) {
      PixelImage adversarial = scored.adversarial().get(s.epsilon());
      out.add(
          new Example(
              item.path(),
              item.label(),
              classes.get(item.label()),
              s.epsilon(),
              s.score().prediction(),
              classes.get(s.score().prediction()),
              s.score().confidence(),
              original,
              PngEncoder.encode(adversarial),
              PngEncoder.encode(amplified(scored.pixels(), adversarial, s.epsilon()))));
    }
  }

  private static PixelImage amplified(PixelImage original, PixelImage adversarial, double eps) {
    float[] out = new float[original.data().length];
    for (int i = 0; i < out.length; i++) {
      float delta = adversarial.data()[i] - original.data()[i];
      out[i] = eps == 0 ? 0.5f : (float) (0.5 + delta / (2 * eps));
    }
    return new PixelImage(original.channels(), original.height(), original.width(), out);
  }
}
