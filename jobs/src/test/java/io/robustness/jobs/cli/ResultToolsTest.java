package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * query, compare and report over two real runs: a baseline, and a candidate with a preprocessing
 * bug (a wrong normalization mean) that costs accuracy; plus DuckDB reading the same Parquet
 * directly.
 */
class ResultToolsTest {

  private static final String EPSILONS = "robustness.attack.epsilons=[0, 0.05, 0.1]";

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path output;

  @BeforeAll
  static void twoRuns() throws Exception {
    spark = SparkTestSession.start();
    Path images = SampleSubset.copy("mnist", 6, dir.resolve("images"));
    output = dir.resolve("out");
    AuditJob.run(
        spark,
        Samples.settings("mnist", output, "base", "robustness.dataset.uri=" + images, EPSILONS));
    AuditJob.run(
        spark,
        Samples.settings(
            "mnist",
            output,
            "cand",
            "robustness.dataset.uri=" + images,
            EPSILONS,
            "robustness.model.input.mean=[0.5]"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  @Test
  void queryPrintsAnAlignedTable() {
    CliRun run =
        cli(
            "query",
            "SELECT run_id, epsilon, images, accuracy FROM curves WHERE run_id = 'base'"
                + " ORDER BY epsilon",
            "--output",
            output.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).matches("run_id\\s+epsilon\\s+images\\s+accuracy");
    assertThat(lines.get(1)).matches("[- ]+");
    assertThat(lines.get(2)).matches("base\\s+0\\.0\\s+60\\s+[0-9.]+");
    assertThat(lines).last().isEqualTo("(3 rows)");
    assertThat(lines.get(2).length()).isEqualTo(lines.get(0).length()).as("columns aligned");
  }

  @Test
  void queryPrintsCsvAndJson() {
    CliRun csv =
        cli(
            "query",
            "SELECT label_name, count(*) AS n FROM samples WHERE run_id = 'base'"
                + " AND epsilon = 0 GROUP BY label_name ORDER BY label_name",
            "--output",
            output.toString(),
            "--format",
            "csv");
    assertThat(csv.exit()).isZero();
    assertThat(csv.out().lines().toList()).hasSize(11).first().isEqualTo("label_name,n");
    assertThat(csv.out()).contains("\n0,6\n");
    CliRun json =
        cli(
            "query",
            "SELECT run_id, status, epsilons FROM runs ORDER BY run_id",
            "--output",
            output.toString(),
            "--format",
            "json");
    assertThat(json.out().lines().toList())
        .containsExactly(
            "{\"run_id\":\"base\",\"status\":\"succeeded\",\"epsilons\":[0.0,0.05,0.1]}",
            "{\"run_id\":\"cand\",\"status\":\"succeeded\",\"epsilons\":[0.0,0.05,0.1]}");
  }

  /**
   * One image's trajectory: per epsilon its prediction, true-class probability and the top wrong
   * class's probability, equal to the samples rows; the two probabilities sum to at most 1.
   */
  @Test
  void queryPrintsOneImagesTrajectory() {
    Row first =
        spark
            .read()
            .parquet(output.resolve("samples").toString())
            .filter("run_id = 'base' AND epsilon = 0.1")
            .orderBy("image_path")
            .first();
    String path = first.getAs("image_path");
    String end = path.substring(path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1);
    CliRun run =
        cli(
            "query",
            "--image",
            end,
            "--run",
            "base",
            "--output",
            output.toString(),
            "--format",
            "csv");
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("run base, " + path);
    assertThat(lines.get(1))
        .isEqualTo("attack,epsilon,prediction_name,true_class_prob,top_wrong_prob");
    assertThat(lines).hasSize(5);
    float trueProb = first.getAs("true_class_prob");
    float topWrong = first.getAs("top_wrong_prob");
    assertThat(lines.get(4))
        .isEqualTo("fgsm,0.1," + first.getAs("prediction_name") + "," + trueProb + "," + topWrong);
    assertThat(trueProb + topWrong).isLessThanOrEqualTo(1.0f + 1e-6f);
    assertThat(topWrong).isPositive();

    CliRun missing = cli("query", "--image", "no/such.png", "--output", output.toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no image no/such.png in run cand");
    CliRun both = cli("query", "SELECT 1", "--image", end, "--output", output.toString());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("give either an SQL query or --image PATH");
  }

  @Test
  void sqlErrorsAreOneLine() {
    CliRun typo = cli("query", "SELEKT * FROM curves", "--output", output.toString());
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err().strip().lines().count()).isEqualTo(1);
    assertThat(typo.err()).startsWith("query error: [PARSE_SYNTAX_ERROR]");
    CliRun column =
        cli("query", "SELECT no_such_column FROM curves", "--output", output.toString());
    assertThat(column.exit()).isEqualTo(2);
    assertThat(column.err().strip().lines().count()).isEqualTo(1);
    assertThat(column.err()).contains("no_such_column");
    CliRun nowhere = cli("query", "SELECT 1", "--output", dir.resolve("nothing-here").toString());
    assertThat(nowhere.exit()).isEqualTo(2);
    assertThat(nowhere.err()).contains("no result tables under");
  }

  @Test
  void compareGatesOnTheAccuracyDrop() {
    CliRun strict =
        cli(
            "compare",
            "--output",
            output.toString(),
            "--baseline",
            "base",
            "--candidate",
            "cand",
            "--max-drop",
            "0.02");
    assertThat(strict.exit()).as(strict.out() + strict.err()).isEqualTo(3);
    assertThat(strict.out())
        .contains("baseline   base")
        .contains("candidate  cand")
        .contains("FAILED (exit 3)")
        .contains("classes with the largest accuracy drops:");
    CliRun loose =
        cli(
            "compare",
            "--output",
            output.toString(),
            "--baseline",
            "base",
            "--candidate",
            "cand",
            "--max-drop",
            "1");
    assertThat(loose.exit()).isZero();
    assertThat(loose.out()).contains("passed");
    CliRun named =
        cli(
            "compare",
            "--output",
            output.toString(),
            "--baseline",
            "previous",
            "--candidate",
            "latest",
            "--max-drop",
            "0.02");
    assertThat(named.exit()).isEqualTo(3);
    assertThat(named.out()).isEqualTo(strict.out());
  }

  @Test
  void compareUsageErrorsExitWithTwo() {
    assertThat(
            cli(
                    "compare",
                    "--output",
                    output.toString(),
                    "--baseline",
                    "nope",
                    "--candidate",
                    "cand")
                .exit())
        .isEqualTo(2);
    assertThat(cli("compare", "--output", output.toString(), "--baseline", "base").exit())
        .isEqualTo(2);
    assertThat(
            cli(
                    "compare",
                    "--output",
                    output.toString(),
                    "--baseline",
                    "base",
                    "--candidate",
                    "cand",
                    "--max-drop",
                    "-1")
                .exit())
        .isEqualTo(2);
  }

  @Test
  void reportCommandWritesTheRunsPage() throws Exception {
    Path page = dir.resolve("cand.html");
    CliRun run =
        cli("report", "--output", output.toString(), "--run", "latest", "--out", page.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("report: ").contains("cand.html");
    String html = Files.readString(page);
    assertThat(html.contains("Robustness report <span class=\"run\">cand</span>")).isTrue();
    assertThat(Files.exists(output.resolve("reports/base.html")))
        .as("the audit wrote its own report")
        .isTrue();
  }

  @Test
  void duckDbReadsTheSameCurvesAsQuery() throws Exception {
    CliRun json =
        cli(
            "query",
            "SELECT epsilon, images, accuracy, mean_confidence FROM curves"
                + " WHERE run_id = 'cand' ORDER BY epsilon",
            "--output",
            output.toString(),
            "--format",
            "csv");
    List<String> fromQuery = json.out().lines().skip(1).toList();
    List<String> fromDuckDb = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT epsilon, images, accuracy, mean_confidence FROM read_parquet('"
                    + output.resolve("curves")
                    + "/*/*.parquet', hive_partitioning = true) WHERE run_id = 'cand'"
                    + " ORDER BY epsilon")) {
      while (rs.next()) {
        fromDuckDb.add(
            rs.getDouble(1) + "," + rs.getLong(2) + "," + rs.getDouble(3) + "," + rs.getDouble(4));
      }
    }
    assertThat(fromDuckDb).hasSize(3).isEqualTo(fromQuery);
  }
}
