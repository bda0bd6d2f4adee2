package io.robustness.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.audit.AuditResult;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit's own report is built from the run it holds in memory; the report command reads the
 * committed tables. Both must give the same page, byte for byte: two runs into one output (the
 * second with a history, two attacks and their worst case, and exact flip epsilons), each run's
 * page as the audit wrote it against the page read back from the tables.
 */
class ReportFromRunTest {

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path output;

  @BeforeAll
  static void twoRuns() throws Exception {
    spark = SparkTestSession.start();
    Path images = SampleSubset.copy("mnist", 3, dir.resolve("images"));
    output = dir.resolve("out");
    AuditResult first =
        AuditJob.run(
            spark,
            Samples.settings(
                "mnist",
                output,
                "first",
                "robustness.dataset.uri=" + images,
                "robustness.attack.epsilons=[0, 0.05, 0.1, 0.2]"));
    assertThat(first.reportProblem()).isNull();
    AuditResult second =
        AuditJob.run(
            spark,
            Samples.settings(
                "mnist",
                output,
                "second",
                "robustness.dataset.uri=" + images,
                "robustness.attack.epsilons=[0, 0.05, 0.1, 0.2]",
                "robustness.attack.kinds=[fgsm, bim]",
                "robustness.attack.steps=2",
                "robustness.attack.flip-search=true",
                "robustness.report.examples=4"));
    assertThat(second.reportProblem()).isNull();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theFirstRunsPageIsTheOneItsTablesGive() throws Exception {
    assertSamePage("first");
  }

  @Test
  void aRunWithHistoryAttacksAndExactFlipsGivesTheSamePageAsItsTables() throws Exception {
    String page = assertSamePage("second");
    assertThat(page).contains("\"exactFlips\":[{").contains("\"worst\"").contains("\"first\"");
  }

  private static String assertSamePage(String runId) throws Exception {
    String fromRun = Files.readString(output.resolve("reports/" + runId + ".html"));
    Path fromTablesFile = dir.resolve(runId + "-from-tables.html");
    ReportWriter.write(
        spark, new TableReader(spark, output.toString()), runId, fromTablesFile.toString());
    String fromTables = Files.readString(fromTablesFile);
    int at = firstDifference(fromRun, fromTables);
    assertThat(at)
        .as(
            "the audit's page and the tables' page of %s differ at %d: ...%s... against ...%s...",
            runId, at, around(fromRun, at), around(fromTables, at))
        .isEqualTo(-1);
    return fromRun;
  }

  private static int firstDifference(String a, String b) {
    for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return a.length() == b.length() ? -1 : Math.min(a.length(), b.length());
  }

  private static String around(String s, int at) {
    return s.substring(Math.max(0, at - 150), Math.min(s.length(), at + 150));
  }
}
