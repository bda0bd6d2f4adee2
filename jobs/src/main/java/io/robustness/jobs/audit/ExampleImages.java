package io.robustness.jobs.audit;

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
import io.robustness.core.scoring.ScoredImages;
import io.robustness.jobs.dataset.ImageReader;
import io.robustness.jobs.dataset.WorkItem;
import io.robustness.jobs.runtime.LocalModelFiles;
import io.robustness.jobs.tables.ExampleRows;
import io.robustness.jobs.tables.ExampleRows.Example;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code examples} table: a few scored images attacked again on the driver (with the model its
 * dry run loaded), through the same scoring path as the executors, keeping their pixels at every
 * epsilon as PNGs beside what the model said of them. Pixels of the perturbation are amplified to
 * fill [0,1] (grey 0.5 = unchanged) so that it can be seen.
 */
final class ExampleImages {

  private final SparkSession spark;
  private final ScoringPlan plan;
  private final Configuration hadoop;

  ExampleImages(SparkSession spark, ScoringPlan plan, Configuration hadoop) {
    this.spark = spark;
    this.plan = plan;
    this.hadoop = hadoop;
  }

  /**
   * @param candidates scored images to choose from (see {@link ExampleCandidates})
   */
  Dataset<Row> build(List<ExamplePicker.Candidate> candidates, int count) throws IOException {
    List<Example> examples = new ArrayList<>();
    if (count > 0) {
      ImageReader reader = new ImageReader(hadoop, plan.maxPixels());
      List<ImageInput<WorkItem>> inputs =
          ExamplePicker.pick(candidates, count).stream()
              .map(c -> new WorkItem(c.path(), c.label(), c.target()).input(reader))
              .toList();
      java.nio.file.Path model = LocalModelFiles.fetch(plan.modelUri(), hadoop);
      try (ModelLease lease = ModelCache.shared().acquire(model, plan.spec(), Device.cpu());
          ScoredImages<WorkItem> results = scorer().score(lease.model(), inputs.iterator())) {
        results.forEachRemaining(r -> render(r, examples));
      } catch (ModelLoadException e) {
        throw new IllegalStateException(
            "the model loaded for the dry run cannot be loaded again", e);
      }
    }
    return ExampleRows.frame(spark, examples);
  }

  private ImageScorer scorer() {
    return plan.scorer().keeping(new HashSet<>(plan.epsilons()));
  }

  /** The image's rows at every epsilon; an image that no longer decodes is left out. */
  private void render(ScoredImage<WorkItem> result, List<Example> out) {
    if (!(result instanceof ScoredImage.Scored<WorkItem> scored)) {
      return; // it decoded on the executor; if it changed since, leave it out
    }
    List<String> classes = plan.spec().classes();
    WorkItem item = scored.item();
    byte[] original = PngEncoder.encode(scored.pixels());
    for (ScoredImage.Attacked attacked : scored.attacks()) {
      for (EpsilonScore s : attacked.outcome().perturbed()) {
        PixelImage adversarial = attacked.adversarial().get(s.epsilon());
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
                PngEncoder.encode(amplified(scored.pixels(), adversarial, s.epsilon())),
                attacked.attack().name()));
      }
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
