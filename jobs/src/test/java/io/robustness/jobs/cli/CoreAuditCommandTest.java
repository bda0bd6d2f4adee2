package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CoreAuditCommandTest {

  @Test
  void printsOneRowPerEpsilonWithTheCleanAccuracyFirst() {
    Path samples = Path.of("").toAbsolutePath().getParent().resolve("sample-data/mnist");
    assertThat(Files.isDirectory(samples)).isTrue();
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
    assertThat(lines[0]).contains("epsilon").contains("accuracy").contains("mean_confidence");
    // 296 of the 300 MNIST sample digits are classified right (golden.csv, epsilon 0)
    assertThat(lines[1].trim().split("\\s+"))
        .containsExactly("0.000", "300", "0.9867", lines[1].trim().split("\\s+")[3]);
  }
}
