package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightly} over three nights in one output: the first has no baseline, the second passes the
 * gate, the third has a preprocessing bug (a wrong normalization mean) and fails it with 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyCommandTest {

  @TempDir static Path dir;
  private static Path images;
  private static Path output;

  @BeforeAll
  static void data() throws Exception {
    images = SampleSubset.copy("mnist", 2, dir.resolve("images"));
    output = dir.resolve("out");
    System.setProperty("spark.master", "local[2]");
  }

  @AfterAll
  static void clearMaster() {
    System.clearProperty("spark.master");
  }

  private static CliRun nightly(String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "nightly",
                "--conf",
                Samples.conf("mnist").toString(),
                "--set",
                "robustness.dataset.uri=" + images,
                "--set",
                "robustness.output.uri=" + output.toUri(),
                "--set",
                "robustness.attack.epsilons=[0, 0.1]",
                "--set",
                "robustness.report.examples=0",
                "--set",
                "robustness.run.id=" + runId));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void theFirstNightHasNothingToCompareAndPasses() {
    CliRun run = nightly("2026-11-22");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("run 2026-11-22 succeeded")
        .contains("gate: run 2026-11-22 is the first succeeded run; nothing to compare");
  }

  @Test
  @Order(2)
  void anUnchangedModelPassesTheGateAndRetentionRuns() {
    CliRun run = nightly("2026-11-23", "--keep-days", "30", "--fail-on-checks");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("0 failed").doesNotContain("FAILED");
    assertThat(run.out())
        .contains("baseline   2026-11-22")
        .contains("candidate  2026-11-23")
        .contains("0 of 2 runs deleted");
  }

  @Test
  @Order(3)
  void aRegressionFailsTheNightWithExitThree() {
    CliRun run = nightly("2026-11-24", "--set", "robustness.model.input.mean=[0.5]");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.REGRESSION);
    assertThat(run.out()).contains("baseline   2026-11-23").contains("candidate  2026-11-24");
  }

  @Test
  @Order(4)
  void badSettingsStopBeforeSparkStarts() {
    CliRun run = nightly("two words");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("robustness.run.id = \"two words\"");
  }

  @Test
  @Order(5)
  void aSessionThatCannotStartLeavesTheRunUnclaimed() {
    System.setProperty("spark.master", "no-such-master://x");
    CliRun run;
    try {
      run = nightly("2026-11-25");
    } finally {
      System.setProperty("spark.master", "local[2]");
    }
    assertThat(run.exit()).isNotZero();
    assertThat(output.resolve("_leases/2026-11-25")).as("the lease was released").doesNotExist();
    CliRun next = nightly("2026-11-25");
    assertThat(next.exit()).as(next.err()).isIn(0, ExitCodes.REGRESSION);
  }

  @Test
  @Order(6)
  void theGateComparesTheAttackItIsGiven() {
    // These runs are FGSM only: a gate on BIM (or on the worst case over several attacks) has
    // nothing to compare, and says so.
    CliRun run = nightly("2026-11-26", "--attack", "bim");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--attack bim is not an attack of both runs");
  }

  /**
   * A model whose gradients vanish (sample-data/masked) keeps its accuracy under attack: the checks
   * catch it, the audit prints them, and the night fails with 4 when asked to.
   */
  @Test
  @Order(7)
  void aGradientMaskingModelFailsItsChecksAndTheNightWithFour() {
    CliRun run =
        CliRun.of(
            "nightly",
            "--conf",
            Samples.conf("masked").toString(),
            "--set",
            "robustness.output.uri=" + dir.resolve("masked").toUri(),
            "--set",
            "robustness.report.examples=0",
            "--set",
            "robustness.run.id=masked",
            "--fail-on-checks");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(run.out())
        .contains("FAILED zero-gradient, fgsm: 1.0000 above 0.1000")
        .contains("FAILED unbounded-attack, bim at epsilon 0.3")
        .contains("checks: zero-gradient failed for bim: 1.0000 above 0.1000")
        .contains("gate: run masked is the first succeeded run");
  }
}
