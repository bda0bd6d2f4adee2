package io.robustness.jobs.report;

import static io.robustness.jobs.tables.Columns.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.WorstCase;
import io.robustness.core.metrics.ConfidenceBuckets;
import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.tables.RunRecord;
import io.robustness.jobs.tables.RunRef;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
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
   * Reads each table once (a report is a page: a few small queries, not one per chart) and builds
   * the charts from the rows in memory; only the flips, one row per image, are aggregated by Spark.
   *
   * @throws UsageException when the run is not in the runs table
   */
  public static ReportData load(TableReader tables, String runId) {
    List<Row> runs = tables.read(Tables.RUNS).collectAsList();
    Row run =
        runs.stream()
            .filter(r -> runId.equals(r.getAs(Tables.RUN_ID)))
            .findFirst()
            .orElseThrow(() -> new UsageException("no run " + runId + " in " + tables.root()));
    List<Double> epsilons = run.getList(run.fieldIndex(EPSILONS));
    List<RunRef> history = historyRuns(runs, run);
    List<Row> curves =
        tables
            .read(Tables.CURVES)
            .filter(col(Tables.RUN_ID).isin(history.stream().map(RunRef::runId).toArray()))
            .withColumn(ATTACK, attackColumn())
            .orderBy(EPSILON)
            .collectAsList();
    List<Row> ownCurves =
        curves.stream().filter(r -> runId.equals(r.getAs(Tables.RUN_ID))).toList();
    List<String> attacks = attacks(ownCurves);
    Map<String, List<ReportData.Point>> byAttack = new LinkedHashMap<>();
    for (String attack : attacks) {
      byAttack.put(
          attack,
          ownCurves.stream()
              .filter(r -> attack.equals(r.getAs(ATTACK)))
              .map(ReportLoader::point)
              .toList());
    }
    // The headline is the worst case over the attacks where the run has one; the per-image tables
    // (flips, examples) have no worst-case rows and show the first attack that ran.
    String first = attacks.get(0);
    String perImage = perImageAttack(attacks);
    // The remaining reads are independent small queries whose time is mostly the driver's
    // planning: run at once, they take about as long as the slowest of them.
    try (ParallelReads reads = new ParallelReads()) {
      Future<FlipHistograms> flips =
          reads.submit(
              () -> FlipHistograms.of(forAttack(tables, Tables.FLIPS, runId, perImage), epsilons));
      Future<Map<String, List<ReportData.Point>>> confidence =
          reads.submit(
              () -> confidenceCurves(forAttack(tables, Tables.CONFIDENCE_CURVES, runId, first)));
      Future<List<ReportData.ClassRow>> classes =
          reads.submit(
              () -> classes(forAttack(tables, Tables.CLASS_CURVES, runId, first), epsilons));
      Future<List<ReportData.Example>> examples =
          reads.submit(
              () ->
                  examples(
                      forAttack(tables, Tables.EXAMPLES, runId, perImage),
                      tables.read(Tables.SAMPLES).filter(col(Tables.RUN_ID).equalTo(runId))));
      Future<List<ReportData.Check>> checks = reads.submit(() -> checks(tables, runId));
      return new ReportData(
          runId,
          runFields(run),
          epsilons,
          attacks,
          byAttack.get(first),
          byAttack,
          ParallelReads.get(confidence),
          ParallelReads.get(classes),
          ParallelReads.get(flips).grid(),
          ParallelReads.get(flips).exact(),
          history(history, curves, first, epsilons),
          ParallelReads.get(examples),
          ParallelReads.get(checks));
    }
  }

  private static List<ReportData.Check> checks(TableReader tables, String runId) {
    List<ReportData.Check> out = new ArrayList<>();
    for (Row r :
        tables
            .read(Tables.CHECKS)
            .filter(col(Tables.RUN_ID).equalTo(runId))
            .orderBy(col(ATTACK), col(CHECK), col(EPSILON))
            .collectAsList()) {
      out.add(
          new ReportData.Check(
              r.getAs(ATTACK),
              r.getAs(EPSILON),
              r.getAs(CHECK),
              r.getAs(VALUE),
              r.getAs(THRESHOLD),
              r.getAs(VERDICT)));
    }
    return out;
  }

  /**
   * One attack's rows of a run; runs written before tables had an attack column held FGSM only, so
   * a missing attack reads as fgsm.
   */
  private static Dataset<Row> forAttack(
      TableReader tables, String table, String runId, String attack) {
    return tables
        .read(table)
        .filter(col(Tables.RUN_ID).equalTo(runId))
        .filter(attackColumn().equalTo(attack));
  }

  private static Column attackColumn() {
    return coalesce(col(ATTACK), lit(AttackKind.FGSM.configName()));
  }

  /** The first of {@code attacks} that is an attack, not the worst case over them. */
  static String perImageAttack(List<String> attacks) {
    return attacks.stream().filter(a -> !a.equals(WorstCase.NAME)).findFirst().orElseThrow();
  }

  /**
   * The run's worst case over its attacks first, where it has one, then its attacks in the order of
   * {@link AttackKind}.
   */
  private static List<String> attacks(List<Row> curves) {
    List<String> present = curves.stream().map(r -> r.<String>getAs(ATTACK)).distinct().toList();
    return Stream.concat(
            Stream.of(WorstCase.NAME),
            Arrays.stream(AttackKind.values()).map(AttackKind::configName))
        .filter(present::contains)
        .toList();
  }

  /**
   * Every succeeded run of the output that started no later than this one, and this one, oldest
   * first: a year of nightly runs is 366 points per epsilon, which the chart pages through.
   */
  private static List<RunRef> historyRuns(List<Row> runs, Row run) {
    Instant until = run.<Timestamp>getAs(STARTED_AT).toInstant();
    String runId = run.getAs(Tables.RUN_ID);
    return runs.stream()
        .map(RunRef::of)
        .filter(r -> r.runId().equals(runId) || RunRecord.SUCCEEDED.equals(r.status()))
        .filter(r -> !r.startedAt().isAfter(until))
        .sorted(Comparator.comparing(RunRef::startedAt))
        .toList();
  }

  /** The accuracy at each of this run's epsilons of each history run, for {@code attack}. */
  private static List<ReportData.HistoryRun> history(
      List<RunRef> runs, List<Row> curves, String attack, List<Double> epsilons) {
    Map<String, Map<Double, Double>> accuracy = new LinkedHashMap<>();
    runs.forEach(r -> accuracy.put(r.runId(), new TreeMap<>()));
    for (Row r : curves) {
      if (attack.equals(r.getAs(ATTACK))) {
        accuracy.get(r.<String>getAs(Tables.RUN_ID)).put(r.getAs(EPSILON), r.getAs(ACCURACY));
      }
    }
    List<ReportData.HistoryRun> out = new ArrayList<>();
    for (RunRef r : runs) {
      Map<Double, Double> byEpsilon = accuracy.get(r.runId());
      out.add(
          new ReportData.HistoryRun(
              r.runId(),
              STARTED.format(r.startedAt()),
              epsilons.stream().map(byEpsilon::get).toList()));
    }
    return out;
  }

  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static Map<String, String> runFields(Row run) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : RUN_FIELDS) {
      Object value = run.get(run.fieldIndex(field));
      out.put(field, value == null ? "" : String.valueOf(value));
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

  private static List<ReportData.Example> examples(Dataset<Row> rows, Dataset<Row> samples) {
    Map<String, List<Row>> byImage = new LinkedHashMap<>();
    for (Row r : rows.orderBy(IMAGE_PATH, EPSILON).collectAsList()) {
      byImage.computeIfAbsent(r.getAs(IMAGE_PATH), k -> new ArrayList<>()).add(r);
    }
    Map<String, Map<String, List<ReportData.TrajectoryPoint>>> trajectories =
        trajectories(samples, byImage.keySet());
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
              steps,
              trajectories.getOrDefault(image.getKey(), Map.of())));
    }
    return out;
  }

  /**
   * Per example image and attack, the true-class and top wrong class probabilities at each epsilon
   * (runs written before {@code top_wrong_prob} existed have null there).
   */
  private static Map<String, Map<String, List<ReportData.TrajectoryPoint>>> trajectories(
      Dataset<Row> samples, java.util.Set<String> images) {
    Map<String, Map<String, List<ReportData.TrajectoryPoint>>> out = new LinkedHashMap<>();
    if (images.isEmpty()) {
      return out;
    }
    for (Row r :
        samples
            .filter(col(IMAGE_PATH).isin(images.toArray()))
            .withColumn(ATTACK, attackColumn())
            .select(IMAGE_PATH, ATTACK, EPSILON, TRUE_CLASS_PROB, TOP_WRONG_PROB)
            .orderBy(IMAGE_PATH, ATTACK, EPSILON)
            .collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
          .add(
              new ReportData.TrajectoryPoint(
                  r.getDouble(2), r.getFloat(3), r.isNullAt(4) ? null : r.getFloat(4)));
    }
    return out;
  }
}
