package io.robustness.jobs.report;

import static io.robustness.jobs.tables.Columns.*;

import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.WorstCase;
import io.robustness.core.metrics.ConfidenceBuckets;
import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.tables.RunRecord;
import io.robustness.jobs.tables.RunRef;
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
import org.apache.spark.sql.Row;

/** Builds one run's report data from its rows, wherever they come from ({@link ReportSource}). */
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
   * Builds the report of run {@code runId} from {@code source}, ordering and grouping its rows here
   * whichever source they come from.
   *
   * @throws UsageException when the run is not in the runs table
   */
  public static ReportData load(ReportSource source, String runId) {
    Row run = source.run();
    if (run == null) {
      throw new UsageException("no run " + runId + " in " + source.describe());
    }
    List<Double> epsilons = run.getList(run.fieldIndex(EPSILONS));
    List<RunRef> history = historyRuns(source.runs(), runId, run);
    Map<String, List<Row>> curves = source.curves(history.stream().map(RunRef::runId).toList());
    List<Row> ownCurves = byEpsilon(curves.getOrDefault(runId, List.of()));
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
      Future<FlipHistograms> flips = reads.submit(() -> source.flips(perImage, epsilons));
      Future<Map<String, List<ReportData.Point>>> confidence =
          reads.submit(() -> confidenceCurves(ofAttack(source.confidenceCurves(), first)));
      Future<List<ReportData.ClassRow>> classes =
          reads.submit(() -> classes(ofAttack(source.classCurves(), first), epsilons));
      Future<List<ReportData.Example>> examples =
          reads.submit(() -> examples(source, ofAttack(source.examples(), perImage)));
      Future<List<ReportData.Check>> checks = reads.submit(() -> checks(source.checks()));
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

  private static List<Row> ofAttack(List<Row> rows, String attack) {
    return rows.stream().filter(r -> attack.equals(r.getAs(ATTACK))).toList();
  }

  /** Spark's ascending order of a nullable column: nulls first. */
  private static <T extends Comparable<T>> Comparator<Row> ascending(String column) {
    return Comparator.comparing(
        r -> r.<T>getAs(column), Comparator.nullsFirst(Comparator.naturalOrder()));
  }

  private static List<Row> byEpsilon(List<Row> rows) {
    return rows.stream().sorted(ReportLoader.<Double>ascending(EPSILON)).toList();
  }

  private static List<ReportData.Check> checks(List<Row> rows) {
    List<ReportData.Check> out = new ArrayList<>();
    for (Row r :
        rows.stream()
            .sorted(
                ReportLoader.<String>ascending(ATTACK)
                    .thenComparing(ReportLoader.<String>ascending(CHECK))
                    .thenComparing(ReportLoader.<Double>ascending(EPSILON)))
            .toList()) {
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
  private static List<RunRef> historyRuns(List<Row> runs, String runId, Row run) {
    RunRef own = new RunRef(runId, run.getAs(STATUS), run.<Timestamp>getAs(STARTED_AT).toInstant());
    Instant until = own.startedAt();
    return Stream.concat(
            Stream.of(own), runs.stream().map(RunRef::of).filter(r -> !r.runId().equals(runId)))
        .filter(r -> r.runId().equals(runId) || RunRecord.SUCCEEDED.equals(r.status()))
        .filter(r -> !r.startedAt().isAfter(until))
        .sorted(Comparator.comparing(RunRef::startedAt))
        .toList();
  }

  /** The accuracy at each of this run's epsilons of each history run, for {@code attack}. */
  private static List<ReportData.HistoryRun> history(
      List<RunRef> runs, Map<String, List<Row>> curves, String attack, List<Double> epsilons) {
    List<ReportData.HistoryRun> out = new ArrayList<>();
    for (RunRef r : runs) {
      Map<Double, Double> byEpsilon = new TreeMap<>();
      for (Row c : curves.getOrDefault(r.runId(), List.of())) {
        if (attack.equals(c.getAs(ATTACK))) {
          byEpsilon.put(c.getAs(EPSILON), c.getAs(ACCURACY));
        }
      }
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

  private static Map<String, List<ReportData.Point>> confidenceCurves(List<Row> rows) {
    Map<Integer, List<ReportData.Point>> byBucket = new TreeMap<>();
    for (Row r : byEpsilon(rows)) {
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

  private static List<ReportData.ClassRow> classes(List<Row> rows, List<Double> epsilons) {
    Map<Integer, List<Row>> byLabel = new TreeMap<>();
    for (Row r : byEpsilon(rows)) {
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

  private static List<ReportData.Example> examples(ReportSource source, List<Row> rows) {
    Map<String, List<Row>> byImage = new LinkedHashMap<>();
    for (Row r :
        rows.stream()
            .sorted(
                ReportLoader.<String>ascending(IMAGE_PATH)
                    .thenComparing(ReportLoader.<Double>ascending(EPSILON)))
            .toList()) {
      byImage.computeIfAbsent(r.getAs(IMAGE_PATH), k -> new ArrayList<>()).add(r);
    }
    Map<String, Map<String, List<ReportData.TrajectoryPoint>>> trajectories =
        byImage.isEmpty() ? Map.of() : trajectories(source.trajectories(byImage.keySet()));
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
      List<Row> samples) {
    Map<String, Map<String, List<ReportData.TrajectoryPoint>>> out = new LinkedHashMap<>();
    for (Row r :
        samples.stream()
            .sorted(
                ReportLoader.<String>ascending(IMAGE_PATH)
                    .thenComparing(ReportLoader.<String>ascending(ATTACK))
                    .thenComparing(ReportLoader.<Double>ascending(EPSILON)))
            .toList()) {
      Float topWrong = r.isNullAt(r.fieldIndex(TOP_WRONG_PROB)) ? null : r.getAs(TOP_WRONG_PROB);
      out.computeIfAbsent(r.getAs(IMAGE_PATH), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.getAs(ATTACK), k -> new ArrayList<>())
          .add(
              new ReportData.TrajectoryPoint(
                  r.getAs(EPSILON), r.<Float>getAs(TRUE_CLASS_PROB), topWrong));
    }
    return out;
  }
}
