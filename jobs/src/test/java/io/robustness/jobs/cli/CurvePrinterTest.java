package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.audit.AuditResult;
import org.junit.jupiter.api.Test;

/** The timings line's account of executors' first partitions. */
class CurvePrinterTest {

  private static AuditResult.Timings timings(int executors, double first, double later) {
    return new AuditResult.Timings(4.0, 10.0, 1000, 900, executors, first, later);
  }

  @Test
  void eachExecutorsFirstPartitionStandsBesideTheMedianOfTheOthers() {
    assertThat(CurvePrinter.partitions(timings(2, 6.04, 1.96)))
        .isEqualTo(
            "; partitions: first on each executor 6.0 s (2 executors), later ones 2.0 s (median)");
    assertThat(CurvePrinter.partitions(timings(1, 3.0, 1.25)))
        .isEqualTo(
            "; partitions: first on each executor 3.0 s (1 executor), later ones 1.3 s (median)");
  }

  @Test
  void withoutLaterPartitionsTheLineSaysSo() {
    assertThat(CurvePrinter.partitions(timings(2, 5.0, Double.NaN)))
        .isEqualTo("; partitions: first on each executor 5.0 s (2 executors), later ones none");
  }

  @Test
  void aRunThatScoredNoPartitionPrintsNothingOfThem() {
    assertThat(CurvePrinter.partitions(timings(0, Double.NaN, Double.NaN))).isEmpty();
  }
}
