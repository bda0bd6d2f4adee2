package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.audit.AuditResult;
import org.junit.jupiter.api.Test;

/** The timings line's account of executors' first partitions. */
class CurvePrinterTest {

  @Test
  void eachExecutorsFirstPartitionStandsBesideTheMedianOfTheOthers() {
    assertThat(CurvePrinter.partitions(new AuditResult.WarmUp(2, 6.04, 1.96)))
        .isEqualTo(
            "; partitions: first on each executor 6.0 s (2 executors), later ones 2.0 s (median)");
    assertThat(CurvePrinter.partitions(new AuditResult.WarmUp(1, 3.0, 1.25)))
        .isEqualTo(
            "; partitions: first on each executor 3.0 s (1 executor), later ones 1.3 s (median)");
  }

  @Test
  void withoutLaterPartitionsTheLineSaysSo() {
    assertThat(CurvePrinter.partitions(new AuditResult.WarmUp(2, 5.0, Double.NaN)))
        .isEqualTo("; partitions: first on each executor 5.0 s (2 executors), later ones none");
  }

  @Test
  void aRunThatScoredNoPartitionPrintsNothingOfThem() {
    assertThat(CurvePrinter.partitions(new AuditResult.WarmUp(0, Double.NaN, Double.NaN)))
        .isEmpty();
  }
}
