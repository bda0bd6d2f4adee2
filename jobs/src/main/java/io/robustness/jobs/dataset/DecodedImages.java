package io.robustness.jobs.dataset;

import io.robustness.core.image.PixelImage;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.ImageLoader;
import io.robustness.core.scoring.PixelSource;
import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.runtime.HadoopConf;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.TaskCompletionListener;

/**
 * A dataset's images decoded at the model's input size and brought to the driver: read by the
 * audit's readers for every layout (sampled the same way), decoded on the executors, streamed back
 * a partition at a time. For training in one JVM; the driver holds every image.
 */
public final class DecodedImages {

  /** One image, or why it could not be read or decoded. */
  public record Decoded(String id, int label, PixelImage pixels, String problem)
      implements Serializable {}

  /** The images in the dataset's order, and the ones that failed. */
  public record Result(List<Decoded> images, List<Decoded> failed) {}

  private DecodedImages() {}

  public static Result read(
      SparkSession spark, DatasetSettings dataset, ModelSpec spec, Map<String, String> hadoop)
      throws IOException {
    Work work =
        DatasetSources.of(dataset, new Classes(spec.classes()), Targets.NONE, hadoop).open(spark);
    return collect(
        decode(work.items(), spec, dataset.maxPixels(), dataset.readConcurrency(), hadoop));
  }

  /**
   * Each item read and decoded on the executors, {@code readConcurrency} reads in flight per task
   * (0: one at a time on the task's thread), in the items' order.
   */
  public static JavaRDD<Decoded> decode(
      JavaRDD<WorkItem> items,
      ModelSpec spec,
      long maxPixels,
      int readConcurrency,
      Map<String, String> hadoop) {
    return items.mapPartitions(
        part -> {
          ImageReader reader = new ImageReader(HadoopConf.onExecutor(hadoop), maxPixels);
          Iterator<ImageInput<WorkItem>> inputs =
              new Iterator<>() {
                @Override
                public boolean hasNext() {
                  return part.hasNext();
                }

                @Override
                public ImageInput<WorkItem> next() {
                  WorkItem item = part.next();
                  return item.problem() == null ? item.input(reader) : failing(item);
                }
              };
          ImageLoader<WorkItem> loader =
              new ImageLoader<>(
                  inputs, spec.preprocessor(maxPixels), readConcurrency, 2 * readConcurrency);
          TaskContext task = TaskContext.get();
          if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) c -> loader.close());
          }
          return new Iterator<Decoded>() {
            @Override
            public boolean hasNext() {
              return loader.hasNext();
            }

            @Override
            public Decoded next() {
              ImageLoader.Loaded<WorkItem> loaded = loader.next();
              WorkItem item = loaded.input().item();
              return loaded.failure() == null
                  ? new Decoded(item.path(), item.label(), loaded.pixels(), null)
                  : new Decoded(item.path(), item.label(), null, loaded.failure().message());
            }
          };
        });
  }

  /** An item found bad before reading: loading it fails with its problem's message. */
  private static ImageInput<WorkItem> failing(WorkItem item) {
    return new ImageInput<>(
        item,
        item.path(),
        item.label(),
        item.target(),
        PixelSource.encoded(
            item.path(),
            () -> {
              throw new IOException(item.problem().message());
            }));
  }

  public static Result collect(JavaRDD<Decoded> decoded) {
    List<Decoded> images = new ArrayList<>();
    List<Decoded> failed = new ArrayList<>();
    Iterator<Decoded> all = decoded.toLocalIterator();
    while (all.hasNext()) {
      Decoded d = all.next();
      (d.problem() == null ? images : failed).add(d);
    }
    return new Result(images, failed);
  }
}
