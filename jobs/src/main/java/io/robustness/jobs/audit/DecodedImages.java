package io.robustness.jobs.audit;

import io.robustness.core.image.ImageDecodeException;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.PixelImage;
import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.tables.Columns;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

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

  /** Exported examples are at the model's input size: any sane limit will do. */
  private static final long EXAMPLE_MAX_PIXELS = 100_000_000L;

  private DecodedImages() {}

  public static Result read(
      SparkSession spark, DatasetSettings dataset, ModelSpec spec, Map<String, String> hadoop)
      throws IOException {
    Work work = WorkSource.of(spark, dataset, spec, false, -1, hadoop, null);
    return collect(decode(work.items(), spec, dataset.maxPixels(), hadoop));
  }

  /**
   * The adversarial examples a run exported, decoded, with their true labels.
   *
   * @param runId the run, or null for the newest succeeded run that exported any
   * @throws SettingsException when there is no such run or it exported nothing
   */
  public static Result adversarialExamples(
      SparkSession spark,
      String outputUri,
      String runId,
      ModelSpec spec,
      Map<String, String> hadoop) {
    TableReader tables = new TableReader(spark, outputUri);
    Dataset<Row> examples = tables.read(Tables.ADVERSARIAL_EXAMPLES);
    String chosen = runId;
    if (chosen == null) {
      List<Row> newest =
          examples
              .select(Tables.RUN_ID)
              .distinct()
              .join(tables.read(Tables.RUNS).filter("status = 'succeeded'"), Tables.RUN_ID)
              .orderBy(functions.col(Columns.STARTED_AT).desc())
              .limit(1)
              .collectAsList();
      if (newest.isEmpty()) {
        throw new SettingsException(
            List.of(
                "no succeeded run under "
                    + outputUri
                    + " exported adversarial examples: run an audit"
                    + " of the training images with robustness.output.adversarial.epsilons set"));
      }
      chosen = newest.get(0).getString(0);
    }
    JavaRDD<WorkItem> items =
        examples
            .filter(functions.col(Tables.RUN_ID).equalTo(chosen))
            .select(Columns.IMAGE_PATH, Columns.ATTACK, Columns.EPSILON, Columns.LABEL, Columns.PNG)
            .javaRDD()
            .map(
                r ->
                    WorkItem.inline(
                        r.getString(0) + " (" + r.getString(1) + " at " + r.getDouble(2) + ")",
                        r.getInt(3),
                        -1,
                        (byte[]) r.get(4)));
    Result result = collect(decode(items, spec, EXAMPLE_MAX_PIXELS, hadoop));
    if (result.images().isEmpty()) {
      throw new SettingsException(
          List.of("run " + chosen + " under " + outputUri + " exported no adversarial examples"));
    }
    return result;
  }

  static JavaRDD<Decoded> decode(
      JavaRDD<WorkItem> items, ModelSpec spec, long maxPixels, Map<String, String> hadoop) {
    return items.mapPartitions(
        part -> {
          ImageReader reader = new ImageReader(HadoopConf.onExecutor(hadoop), maxPixels);
          ImagePreprocessor preprocessor = spec.preprocessor(maxPixels);
          return new Iterator<Decoded>() {
            @Override
            public boolean hasNext() {
              return part.hasNext();
            }

            @Override
            public Decoded next() {
              WorkItem item = part.next();
              if (item.problem() != null) {
                return new Decoded(item.path(), item.label(), null, item.problem().message());
              }
              try {
                byte[] bytes =
                    item.bytes() != null ? item.bytes() : reader.read(item.path(), item.length());
                return new Decoded(
                    item.path(), item.label(), preprocessor.prepare(item.path(), bytes), null);
              } catch (IOException | ImageDecodeException e) {
                return new Decoded(item.path(), item.label(), null, e.getMessage());
              }
            }
          };
        });
  }

  private static Result collect(JavaRDD<Decoded> decoded) {
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
