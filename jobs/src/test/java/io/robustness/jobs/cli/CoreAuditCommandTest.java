package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.robustness.core.testing.GoldenCurve;
import io.robustness.core.testing.GoldenRow;
import io.robustness.core.testing.GoldenTest;
import io.robustness.jobs.testing.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@GoldenTest
class CoreAuditCommandTest {

  @Test
  void printsPyTorchsCurveOneRowPerEpsilonCleanFirst() {
    Path samples = Samples.data("mnist");
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = RobustnessCli.execute("core-audit", samples.toString(), "--epsilons", "0,0.1,0.3");
    } finally {
      System.setOut(original);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(exit).isZero();
    assertThat(lines).hasSize(4);
    assertThat(lines[0].trim().split("\\s+"))
        .containsExactly("epsilon", "images", "accuracy", "mean_confidence");
    List<GoldenCurve> golden =
        GoldenCurve.of(GoldenRow.read(samples.resolve("golden.csv"), "untargeted")).stream()
            .filter(p -> Set.of(0.0, 0.1, 0.3).contains(p.epsilon()))
            .toList();
    for (int i = 0; i < golden.size(); i++) {
      GoldenCurve expected = golden.get(i);
      String[] f = lines[i + 1].trim().split("\\s+");
      assertThat(Double.parseDouble(f[0])).isEqualTo(expected.epsilon());
      assertThat(Integer.parseInt(f[1])).isEqualTo(expected.images());
      // printed with four decimals: half a unit of the last place on top of the tolerance
      assertThat(Double.parseDouble(f[2]))
          .as("accuracy at %s", expected.epsilon())
          .isCloseTo(expected.accuracy(), within(expected.accuracyTolerance() + 5e-5));
      assertThat(Double.parseDouble(f[3]))
          .as("mean confidence at %s", expected.epsilon())
          .isCloseTo(expected.meanConfidence(), within(expected.confidenceTolerance() + 5e-5));
    }
  }
}
