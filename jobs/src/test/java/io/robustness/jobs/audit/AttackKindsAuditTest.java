package io.robustness.jobs.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.robustness.core.attack.WorstCase;
import io.robustness.jobs.tables.Columns;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FGSM, BIM and PGD in one audit: every per-attack table carries the attack, {@code summaries}
 * agrees with the other tables, a seeded run reproduces itself row for row, compare gates on any
 * attack, and a run written before the attack column still compares and reports as FGSM.
 */
class AttackKindsAuditTest {

  private static final List<String> KINDS = List.of("fgsm", "bim", "pgd");
  private static final List<Double> GRID = List.of(0.0, 0.05, 0.1, 0.2);
  private static final int IMAGES = 60;

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path output;
  private static TableReader tables;

  @BeforeAll
  static void runs() throws Exception {
    spark = SparkTestSession.start();
    Path images = SampleSubset.copy("mnist", IMAGES / 10, dir.resolve("images"));
    output = dir.resolve("out");
    // Weak iterative attacks first: one step of a quarter epsilon each, so the next runs' BIM and
    // PGD are stronger (and these are weaker than FGSM, which the checks must catch).
    audit(images, "weak", "robustness.attack.steps=1", "robustness.attack.step-size=0.25");
    audit(images, "three", "robustness.attack.steps=5");
    audit(images, "again", "robustness.attack.steps=5");
    tables = new TableReader(spark, output.toString());
    writeAsBeforeTheAttackColumn("three", "old");
  }

  private static void audit(Path images, String runId, String... steps) throws Exception {
    List<String> sets =
        new ArrayList<>(
            List.of(
                "robustness.dataset.uri=" + images,
                "robustness.attack.epsilons=" + GRID,
                "robustness.attack.kinds=[fgsm, bim, pgd]",
                "robustness.attack.flip-search=true",
                "robustness.attack.seed=11"));
    sets.addAll(List.of(steps));
    AuditJob.run(spark, Samples.settings("mnist", output, runId, sets.toArray(String[]::new)));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> table(String table, String runId) {
    return tables.read(table).filter(col(Tables.RUN_ID).equalTo(runId));
  }

  @Test
  void everyPerAttackTableCarriesTheAttack() {
    Row run = table(Tables.RUNS, "three").first();
    assertThat(run.<String>getAs(Columns.ATTACK)).isEqualTo("fgsm,bim,pgd");
    for (String name : List.of(Tables.SAMPLES, Tables.FLIPS, Tables.EXAMPLES)) {
      assertThat(attacks(table(name, "three"))).as(name).isEqualTo(new TreeSet<>(KINDS));
    }
    TreeSet<String> withWorst = new TreeSet<>(KINDS);
    withWorst.add(WorstCase.NAME);
    for (String name :
        List.of(Tables.CURVES, Tables.CLASS_CURVES, Tables.CONFIDENCE_CURVES, Tables.SUMMARIES)) {
      assertThat(attacks(table(name, "three"))).as(name).isEqualTo(withWorst);
    }
    assertThat(table(Tables.SAMPLES, "three").count()).isEqualTo(IMAGES * GRID.size() * 3L);
    assertThat(table(Tables.FLIPS, "three").count()).isEqualTo(IMAGES * 3L);
    for (String kind : KINDS) {
      assertThat(table(Tables.CURVES, "three").filter(col(Columns.ATTACK).equalTo(kind)).count())
          .as(kind)
          .isEqualTo(GRID.size());
    }
  }

  private static TreeSet<String> attacks(Dataset<Row> rows) {
    TreeSet<String> out = new TreeSet<>();
    rows.select(Columns.ATTACK).distinct().collectAsList().forEach(r -> out.add(r.getString(0)));
    return out;
  }

  @Test
  void iterativeAttacksCostAccuracyAndShareTheCleanPoint() {
    Map<String, double[]> accuracy = accuracies("three");
    for (int e = 0; e < GRID.size(); e++) {
      assertThat(accuracy.get("pgd")[e])
          .as("at %s", GRID.get(e))
          .isLessThanOrEqualTo(accuracy.get("fgsm")[e]);
    }
    assertThat(accuracy.get("bim")[0]).isEqualTo(accuracy.get("fgsm")[0]);
    assertThat(accuracy.get("pgd")[0]).isEqualTo(accuracy.get("fgsm")[0]);
  }

  private static Map<String, double[]> accuracies(String runId) {
    Map<String, double[]> out = new TreeMap<>();
    for (Row r : table(Tables.CURVES, runId).collectAsList()) {
      out.computeIfAbsent(r.getAs(Columns.ATTACK), k -> new double[GRID.size()])[
              GRID.indexOf(r.<Double>getAs(Columns.EPSILON))] =
          r.getAs(Columns.ACCURACY);
    }
    return out;
  }

  /**
   * The worst case, recomputed from the samples table: at each epsilon an image is correct only if
   * every attack left it correct, with the true-class probability of the attack that hurt it most.
   */
  @Test
  void theWorstCaseIsCorrectOnlyWhereEveryAttackLeftTheImageCorrect() {
    Map<String, double[]> accuracy = accuracies("three");
    Map<Double, Map<String, double[]>> worst = new TreeMap<>(); // eps -> image -> {wrong, prob}
    for (Row r :
        table(Tables.SAMPLES, "three")
            .select(
                Columns.IMAGE_PATH,
                Columns.EPSILON,
                Columns.LABEL,
                Columns.PREDICTION,
                Columns.TRUE_CLASS_PROB)
            .collectAsList()) {
      double[] hurt = {r.getInt(2) != r.getInt(3) ? 1 : 0, r.getFloat(4)};
      worst
          .computeIfAbsent(r.getDouble(1), e -> new TreeMap<>())
          .merge(
              r.getString(0),
              hurt,
              (a, b) -> a[0] != b[0] ? (a[0] > b[0] ? a : b) : (a[1] <= b[1] ? a : b));
    }
    Map<Double, Row> curve = new TreeMap<>();
    table(Tables.CURVES, "three")
        .filter(col(Columns.ATTACK).equalTo(WorstCase.NAME))
        .collectAsList()
        .forEach(r -> curve.put(r.getAs(Columns.EPSILON), r));
    assertThat(curve.keySet()).containsExactlyElementsOf(GRID);
    for (int e = 0; e < GRID.size(); e++) {
      Map<String, double[]> images = worst.get(GRID.get(e));
      assertThat(images).hasSize(IMAGES);
      double correct = images.values().stream().filter(h -> h[0] == 0).count();
      double meanProb = images.values().stream().mapToDouble(h -> h[1]).average().orElseThrow();
      Row point = curve.get(GRID.get(e));
      assertThat(point.<Double>getAs(Columns.ACCURACY))
          .as("at %s", GRID.get(e))
          .isCloseTo(correct / IMAGES, within(1e-12));
      assertThat(point.<Double>getAs(Columns.MEAN_TRUE_CLASS_PROB))
          .isCloseTo(meanProb, within(1e-6));
      for (String kind : KINDS) {
        assertThat(point.<Double>getAs(Columns.ACCURACY))
            .isLessThanOrEqualTo(accuracy.get(kind)[e]);
      }
    }
    // PGD is the strongest here, but not on every image: the worst case is below each attack
    // somewhere.
    assertThat(accuracy.get(WorstCase.NAME)[GRID.size() - 1])
        .isLessThanOrEqualTo(accuracy.get("pgd")[GRID.size() - 1]);
  }

  @Test
  void summariesAgreeWithTheCurvesAndFlips() {
    Map<String, double[]> accuracy = accuracies("three");
    List<Row> summaries = table(Tables.SUMMARIES, "three").collectAsList();
    assertThat(summaries).hasSize(4);
    for (Row s : summaries) {
      String kind = s.getAs(Columns.ATTACK);
      double[] curve = accuracy.get(kind);
      double area = 0;
      for (int e = 1; e < GRID.size(); e++) {
        area += (GRID.get(e) - GRID.get(e - 1)) * (curve[e] + curve[e - 1]) / 2;
      }
      assertThat(s.<Double>getAs(Columns.EPSILON_MAX)).isEqualTo(0.2);
      assertThat(s.<Double>getAs(Columns.ACCURACY_AUC))
          .as(kind)
          .isCloseTo(area / 0.2, within(1e-12));

      // The worst case flips an image at the first epsilon any attack flips it.
      Map<String, Double> firstFlip = new TreeMap<>();
      for (Row f :
          table(Tables.FLIPS, "three")
              .filter(
                  kind.equals(WorstCase.NAME)
                      ? col(Columns.ATTACK).isNotNull()
                      : col(Columns.ATTACK).equalTo(kind))
              .collectAsList()) {
        Double flip =
            f.isNullAt(f.fieldIndex(Columns.FLIP_EPSILON))
                ? Double.POSITIVE_INFINITY
                : f.getAs(Columns.FLIP_EPSILON);
        firstFlip.merge(f.getAs(Columns.IMAGE_PATH), flip, Math::min);
      }
      List<Double> flips = new ArrayList<>();
      long never = 0;
      for (double flip : firstFlip.values()) {
        if (Double.isInfinite(flip)) {
          never++;
        } else {
          flips.add(flip);
        }
      }
      double[] sorted = flips.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      assertThat(s.<Long>getAs(Columns.IMAGES_NEVER_FLIPPED)).as(kind).isEqualTo(never);
      assertThat(s.<Double>getAs(Columns.MEAN_FLIP_EPSILON))
          .isCloseTo(Arrays.stream(sorted).average().orElseThrow(), within(1e-12));
      assertThat(s.<Double>getAs(Columns.MEDIAN_FLIP_EPSILON))
          .isEqualTo((sorted[(n - 1) / 2] + sorted[n / 2]) / 2);
    }
  }

  @Test
  void exactFlipsAreFgsmsAndLieInTheirGridInterval() {
    List<Row> flips = table(Tables.FLIPS, "three").collectAsList();
    int bisected = 0;
    for (Row f : flips) {
      boolean gridFlips = !f.isNullAt(f.fieldIndex(Columns.FLIP_EPSILON));
      boolean exact = !f.isNullAt(f.fieldIndex(Columns.FLIP_EPSILON_EXACT));
      if (!"fgsm".equals(f.getAs(Columns.ATTACK)) || !gridFlips) {
        assertThat(exact)
            .as("%s %s", f.getAs(Columns.ATTACK), f.getAs(Columns.IMAGE_PATH))
            .isFalse();
        continue;
      }
      double grid = f.getAs(Columns.FLIP_EPSILON);
      double value = f.getAs(Columns.FLIP_EPSILON_EXACT);
      if (grid == 0) {
        assertThat(value).isZero();
      } else {
        assertThat(value).isGreaterThan(GRID.get(GRID.indexOf(grid) - 1)).isLessThanOrEqualTo(grid);
        bisected += value < grid ? 1 : 0;
      }
    }
    assertThat(bisected).as("boundaries strictly inside a grid interval").isGreaterThan(10);
  }

  @Test
  void aSeededRunReproducesItselfRowForRow() {
    for (String name : List.of(Tables.SAMPLES, Tables.FLIPS, Tables.CURVES)) {
      Dataset<Row> first = table(name, "three").drop(Tables.RUN_ID);
      Dataset<Row> second = table(name, "again").drop(Tables.RUN_ID);
      assertThat(second.count()).isEqualTo(first.count());
      assertThat(first.exceptAll(second).count()).as(name).isZero();
    }
    // A different step count gives different iterative rows and the same FGSM rows.
    Dataset<Row> weak = table(Tables.SAMPLES, "weak").drop(Tables.RUN_ID);
    Dataset<Row> strong = table(Tables.SAMPLES, "three").drop(Tables.RUN_ID);
    assertThat(strong.filter("attack = 'fgsm'").exceptAll(weak.filter("attack = 'fgsm'")).count())
        .isZero();
    assertThat(strong.filter("attack = 'pgd'").exceptAll(weak.filter("attack = 'pgd'")).count())
        .isPositive();
  }

  private static CliRun compare(String baseline, String candidate, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "compare",
                "--output",
                output.toString(),
                "--baseline",
                baseline,
                "--candidate",
                candidate,
                "--max-drop",
                "0.02"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void compareShowsEachAttackAndGatesOnAnyOfThem() {
    CliRun same = compare("three", "again");
    assertThat(same.exit()).as(same.err()).isZero();
    assertThat(same.out())
        .contains("attack bim:")
        .contains("attack fgsm:")
        .contains("attack pgd:")
        .contains("passed");

    // More steps: FGSM unchanged, BIM and PGD much stronger. The gate fails on them alone.
    CliRun stronger = compare("weak", "three");
    assertThat(stronger.exit()).as(stronger.out()).isEqualTo(3);
    CliRun fgsmOnly = compare("weak", "three", "--attack", "fgsm");
    assertThat(fgsmOnly.exit()).as(fgsmOnly.out()).isZero();
    assertThat(fgsmOnly.out()).doesNotContain("attack pgd:").contains("+0.0000");
    CliRun pgdOnly = compare("weak", "three", "--attack", "pgd", "--format", "json");
    assertThat(pgdOnly.exit()).isEqualTo(3);
    assertThat(pgdOnly.out()).contains("\"attack\":\"pgd\"").doesNotContain("\"attack\":\"fgsm\"");

    CliRun worstOnly = compare("weak", "three", "--attack", "worst");
    assertThat(worstOnly.exit()).as(worstOnly.out()).isEqualTo(3);
    assertThat(worstOnly.out()).doesNotContain("attack pgd:");
    assertThat(same.out()).contains("attack worst:");

    CliRun unknown = compare("weak", "three", "--attack", "cw");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--attack cw is not an attack of both runs");
  }

  /**
   * Copies run {@code from}'s FGSM rows as run {@code to}, without the columns this release added
   * (attack, flip_epsilon_exact) and without summaries: a run as an older release wrote it.
   */
  private static void writeAsBeforeTheAttackColumn(String from, String to) {
    for (String name : Tables.ALL) {
      if (name.equals(Tables.SUMMARIES)) {
        continue;
      }
      Dataset<Row> rows = table(name, from);
      if (name.equals(Tables.RUNS)) {
        rows = rows.withColumn(Columns.ATTACK, lit("fgsm"));
      } else if (Arrays.asList(rows.columns()).contains(Columns.ATTACK)) {
        rows = rows.filter(col(Columns.ATTACK).equalTo("fgsm")).drop(Columns.ATTACK);
      }
      rows.drop(Tables.RUN_ID, Columns.FLIP_EPSILON_EXACT)
          .write()
          .parquet(output.resolve(name).resolve(Tables.RUN_ID + "=" + to).toString());
    }
  }

  @Test
  void anOlderRunWithoutTheAttackColumnComparesAndReportsAsFgsm() throws Exception {
    CliRun run = compare("old", "three");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .doesNotContain("attack fgsm:")
        .contains("attacks not compared: only in baseline [], only in candidate [bim, pgd, worst]");

    Path page = dir.resolve("old.html");
    CliRun report =
        CliRun.of(
            "report", "--output", output.toString(), "--run", "old", "--out", page.toString());
    assertThat(report.exit()).as(report.err()).isZero();
    String html = Files.readString(page);
    assertThat(html).contains("<span class=\"attack\">fgsm</span>");
    assertThat(html).contains("\"attacks\":[\"fgsm\"]");
  }

  private static List<String> checks(String runId, String verdict) {
    return tables
        .read(Tables.CHECKS)
        .where(col(Tables.RUN_ID).equalTo(runId).and(col(Columns.VERDICT).equalTo(verdict)))
        .orderBy(Columns.ATTACK, Columns.CHECK, Columns.EPSILON)
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getAs(Columns.ATTACK)
                    + " "
                    + r.getAs(Columns.CHECK)
                    + " "
                    + r.getAs(Columns.EPSILON)
                    + " "
                    + r.getAs(Columns.VALUE))
        .toList();
  }

  /**
   * The attack-failure checks on an ordinary model: with five steps BIM and PGD pass every check;
   * with one step of a quarter epsilon BIM is weaker than FGSM, which the checks catch.
   */
  @Test
  void theChecksPassOrdinaryAttacksAndCatchAnIterativeAttackWeakerThanFgsm() {
    assertThat(checks("three", "fail")).isEmpty();
    assertThat(checks("three", "pass"))
        .anyMatch(c -> c.startsWith("fgsm zero-gradient null"))
        .anyMatch(c -> c.startsWith("bim weaker-than-fgsm 0.2"))
        .anyMatch(c -> c.startsWith("pgd loss-not-increased 0.05"));
    // The grid stops at 0.2, below robustness.checks.unbounded-epsilon.
    assertThat(checks("three", "skipped"))
        .extracting(c -> c.substring(0, c.lastIndexOf(' ')))
        .containsExactly("bim unbounded-attack 0.2", "pgd unbounded-attack 0.2");
    assertThat(checks("weak", "fail")).anyMatch(c -> c.startsWith("bim weaker-than-fgsm 0.2"));
  }
}
