package io.robustness.jobs.report;

import static io.robustness.jobs.tables.Columns.*;
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
final class ReportLoader {

  private static final List<String> RUN_FIELDS =
      List.of(
          STATUS,
          STARTED_AT,
          FINISHED_AT,
          MODEL_URI,
          MODEL_SHA256,
          DATASET_URI,
          IMAGES_TOTAL,
          IMAGES_SCORED,
          IMAGES_FAILED,
          IMAGES_SKIPPED,
          ATTACK,
          SPARK_MASTER,
          EXECUTORS,
          CODE_VERSION,
          CONFIG_JSON);

  private ReportLoader() {}

  /**
   * @throws IllegalArgumentException when the run is not in the runs table
   */
  public static ReportData load(TableReader tables, String runId) {
    Row run = runRow(tables, runId);
    List<Double> epsilons = run.getList(run.fieldIndex(EPSILONS));
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
    for (Row r : rows.orderBy(EPSILON).collectAsList()) {
      out.add(point(r));
    }
    return out;
  }

  private static ReportData.Point point(Row r) {
    Double success =
        r.isNullAt(r.fieldIndex(ATTACK_SUCCESS_RATE)) ? null : r.getAs(ATTACK_SUCCESS_RATE);
    return new ReportData.Point(
        r.getAs(EPSILON),
        r.getAs(IMAGES),
        r.getAs(ACCURACY),
        r.getAs(TOP5_ACCURACY),
        r.getAs(MEAN_CONFIDENCE),
        r.getAs(MEAN_TRUE_CLASS_PROB),
        success);
  }

  private static Map<String, List<ReportData.Point>> confidenceCurves(Dataset<Row> rows) {
    Map<Integer, List<ReportData.Point>> byBucket = new TreeMap<>();
    for (Row r : rows.orderBy(CLEAN_CONFIDENCE_BUCKET, EPSILON).collectAsList()) {
      byBucket
          .computeIfAbsent(r.getAs(CLEAN_CONFIDENCE_BUCKET), b -> new ArrayList<>())
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
    for (Row r : rows.orderBy(EPSILON).collectAsList()) {
      byLabel.computeIfAbsent(r.getAs(LABEL), l -> new ArrayList<>()).add(r);
    }
    List<ReportData.ClassRow> out = new ArrayList<>();
    byLabel.forEach(
        (label, points) -> {
          List<Double> accuracy = new ArrayList<>(Collections.nCopies(epsilons.size(), null));
          points.forEach(
              p -> accuracy.set(epsilons.indexOf(p.<Double>getAs(EPSILON)), p.getAs(ACCURACY)));
          Row first = points.get(0);
          out.add(
              new ReportData.ClassRow(
                  label, first.getAs(LABEL_NAME), first.getAs(IMAGES), accuracy));
        });
    return out;
  }

  private static List<ReportData.FlipBar> flips(Dataset<Row> rows) {
    List<ReportData.FlipBar> out = new ArrayList<>();
    for (Row r :
        rows.groupBy(FLIP_EPSILON)
            .count()
            .orderBy(col(FLIP_EPSILON).asc_nulls_last())
            .collectAsList()) {
      out.add(new ReportData.FlipBar(r.<Double>getAs(FLIP_EPSILON), r.<Long>getAs("count")));
    }
    return out;
  }

  private static List<ReportData.Example> examples(Dataset<Row> rows) {
    Map<String, List<Row>> byImage = new LinkedHashMap<>();
    for (Row r : rows.orderBy(IMAGE_PATH, EPSILON).collectAsList()) {
      byImage.computeIfAbsent(r.getAs(IMAGE_PATH), k -> new ArrayList<>()).add(r);
    }
    Base64.Encoder b64 = Base64.getEncoder();
    List<ReportData.Example> out = new ArrayList<>();
    for (Map.Entry<String, List<Row>> image : byImage.entrySet()) {
      Row first = image.getValue().get(0);
      List<ReportData.ExampleStep> steps = new ArrayList<>();
      for (Row r : image.getValue()) {
        steps.add(
            new ReportData.ExampleStep(
                r.getAs(EPSILON),
                r.getAs(PREDICTION_NAME),
                r.getAs(CONFIDENCE),
                r.<Integer>getAs(PREDICTION).equals(r.getAs(LABEL)),
                b64.encodeToString(r.getAs(ADVERSARIAL_PNG)),
                b64.encodeToString(r.getAs(PERTURBATION_PNG))));
      }
      out.add(
          new ReportData.Example(
              image.getKey(),
              first.getAs(LABEL_NAME),
              b64.encodeToString(first.getAs(ORIGINAL_PNG)),
              steps));
    }
    return out;
  }
}
