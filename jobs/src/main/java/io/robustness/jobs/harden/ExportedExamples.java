package io.robustness.jobs.harden;

import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.dataset.DecodedImages;
import io.robustness.jobs.dataset.WorkItem;
import io.robustness.jobs.tables.Columns;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The input of the {@code static} method: the adversarial examples an audit exported. */
final class ExportedExamples {

  /** Exported examples are at the model's input size: any sane limit will do. */
  private static final long EXAMPLE_MAX_PIXELS = 100_000_000L;

  private ExportedExamples() {}

  /**
   * The adversarial examples a run exported, decoded, with their true labels.
   *
   * @param runId the run, or null for the newest succeeded run that exported any
   * @throws SettingsException when there is no such run or it exported nothing
   */
  static DecodedImages.Result read(
      SparkSession spark,
      TableReader tables,
      String runId,
      ModelSpec spec,
      Map<String, String> hadoop) {
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
                "no succeeded run in "
                    + tables.describe()
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
    DecodedImages.Result result =
        DecodedImages.collect(DecodedImages.decode(items, spec, EXAMPLE_MAX_PIXELS, 0, hadoop));
    if (result.images().isEmpty()) {
      throw new SettingsException(
          List.of(
              "run " + chosen + " in " + tables.describe() + " exported no adversarial examples"));
    }
    return result;
  }
}
