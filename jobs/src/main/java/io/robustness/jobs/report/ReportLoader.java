package io.robustness.jobs.report;

import static org.apache.spark.sql.functions.col;

import io.robustness.core.metrics.ConfidenceBuckets;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Reads one run's report data from the result tables. */
public final class ReportLoader {

  private static final List<String> RUN_FIELDS =
      List.of(
          "status",
          "started_at",
          "finished_at",
          "model_uri",
          "model_sha256",
          "dataset_uri",
          "images_total",
          "images_scored",
          "images_failed",
          "images_skipped",
          "attack",
          "spark_master",
          "executors",
          "code_version",
          "config_json");

  private ReportLoader() {}

  /**
   * @throws IllegalArgumentException when the run is not in the runs table
   */
  public static ReportData load(TableReader tables, String runId) {
    Row run = runRow(tables, runId);
    List<Double> epsilons = run.getList(run.fieldIndex("epsilons"));
    return new ReportData(
        runId,
        runFields(run),
        epsilons,
        curve(forRun(tables, Tables.CURVES, runId)),
        confidenceCurves(forRun(tables, Tables.CONFIDENCE_CURVES, runId)),
        classes(forRun(tables, Tables.CLASS_CURVES, runId), epsilons),
        flips(forRun(tables, Tables.FLIPS, runId)),
        examples(forRun(tables, Tables.EXAMPLES, runId)));
  }

  private static Row runRow(TableReader tables, String runId) {
    List<Row> rows = forRun(tables, Tables.RUNS, runId).collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no run " + runId + " in " + tables.root());
    }
    return rows.get(0);
  }

  private static Dataset<Row> forRun(TableReader tables, String table, String runId) {
    return tables.read(table).filter(col(Tables.RUN_ID).equalTo(runId));
  }

  private static Map<String, String> runFields(Row run) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : RUN_FIELDS) {
      Object value = run.get(run.fieldIndex(field));
      out.put(field, value == null ? "" : String.valueOf(value));
    }
    return out;
  }

  private static List<ReportData.Point> curve(Dataset<Row> rows) {
    List<ReportData.Point> out = new ArrayList<>();
    for (Row r : rows.orderBy("epsilon").collectAsList()) {
      out.add(point(r));
    }
    return out;
  }

  private static ReportData.Point point(Row r) {
    Double success =
        r.isNullAt(r.fieldIndex("attack_success_rate")) ? null : r.getAs("attack_success_rate");
    return new ReportData.Point(
        r.getAs("epsilon"),
        r.getAs("images"),
        r.getAs("accuracy"),
        r.getAs("top5_accuracy"),
        r.getAs("mean_confidence"),
        r.getAs("mean_true_class_prob"),
        success);
  }

  private static Map<String, List<ReportData.Point>> confidenceCurves(Dataset<Row> rows) {
    Map<Integer, List<ReportData.Point>> byBucket = new TreeMap<>();
    for (Row r : rows.orderBy("clean_confidence_bucket", "epsilon").collectAsList()) {
      byBucket
          .computeIfAbsent(r.getAs("clean_confidence_bucket"), b -> new ArrayList<>())
          .add(point(r));
    }
    Map<String, List<ReportData.Point>> out = new LinkedHashMap<>();
    byBucket.forEach(
        (bucket, points) ->
            out.put(bucket + "-" + (bucket + ConfidenceBuckets.WIDTH_PERCENT) + "%", points));
    return out;
  }

  private static List<ReportData.ClassRow> classes(Dataset<Row> rows, List<Double> epsilons) {
    Map<Integer, List<Row>> byLabel = new TreeMap<>();
    for (Row r : rows.orderBy("epsilon").collectAsList()) {
      byLabel.computeIfAbsent(r.getAs("label"), l -> new ArrayList<>()).add(r);
    }
    List<ReportData.ClassRow> out = new ArrayList<>();
    byLabel.forEach(
        (label, points) -> {
          List<Double> accuracy = new ArrayList<>(Collections.nCopies(epsilons.size(), null));
          points.forEach(
              p -> accuracy.set(epsilons.indexOf(p.<Double>getAs("epsilon")), p.getAs("accuracy")));
          Row first = points.get(0);
          out.add(
              new ReportData.ClassRow(
                  label, first.getAs("label_name"), first.getAs("images"), accuracy));
        });
    return out;
  }

  private static List<ReportData.FlipBar> flips(Dataset<Row> rows) {
    List<ReportData.FlipBar> out = new ArrayList<>();
    for (Row r :
        rows.groupBy("flip_epsilon")
            .count()
            .orderBy(col("flip_epsilon").asc_nulls_last())
            .collectAsList()) {
      out.add(new ReportData.FlipBar(r.isNullAt(0) ? null : r.getDouble(0), r.getLong(1)));
    }
    return out;
  }

  private static List<ReportData.Example> examples(Dataset<Row> rows) {
    Map<String, List<Row>> byImage = new LinkedHashMap<>();
    for (Row r : rows.orderBy("image_path", "epsilon").collectAsList()) {
      byImage.computeIfAbsent(r.getAs("image_path"), k -> new ArrayList<>()).add(r);
    }
    Base64.Encoder b64 = Base64.getEncoder();
    List<ReportData.Example> out = new ArrayList<>();
    for (Map.Entry<String, List<Row>> image : byImage.entrySet()) {
      Row first = image.getValue().get(0);
      List<ReportData.ExampleStep> steps = new ArrayList<>();
      for (Row r : image.getValue()) {
        steps.add(
            new ReportData.ExampleStep(
                r.getAs("epsilon"),
                r.getAs("prediction_name"),
                r.getAs("confidence"),
                r.<Integer>getAs("prediction").equals(r.getAs("label")),
                b64.encodeToString(r.getAs("adversarial_png")),
                b64.encodeToString(r.getAs("perturbation_png"))));
      }
      out.add(
          new ReportData.Example(
              image.getKey(),
              first.getAs("label_name"),
              b64.encodeToString(first.getAs("original_png")),
              steps));
    }
    return out;
  }
}
