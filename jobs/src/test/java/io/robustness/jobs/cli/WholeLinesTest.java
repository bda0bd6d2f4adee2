package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The command line's standard output reaches its file a whole line per write. */
class WholeLinesTest {

  /** Records each write that reaches it, as the file descriptor would see them. */
  private static final class Writes extends OutputStream {
    final List<String> seen = new ArrayList<>();

    @Override
    public void write(int b) {
      seen.add(String.valueOf((char) b));
    }

    @Override
    public void write(byte[] b, int off, int len) {
      seen.add(new String(b, off, len, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aPrintfLineIsOneWrite() {
    Writes writes = new Writes();
    PrintStream out = RobustnessCli.wholeLines(writes);
    String run = "x".repeat(200); // longer than the JVM's own 128-byte buffer
    out.printf(Locale.ROOT, "run %s %s: %d images scored, %d failed%n", run, "succeeded", 20, 0);
    assertThat(writes.seen)
        .containsExactly(
            "run " + run + " succeeded: 20 images scored, 0 failed" + System.lineSeparator());
  }

  @Test
  void theJvmsOwnStreamSplitsThatLineWhichIsWhyTheCommandLineReplacesIt() {
    Writes writes = new Writes();
    PrintStream jvmLike = new PrintStream(new java.io.BufferedOutputStream(writes, 128), true);
    jvmLike.printf(Locale.ROOT, "run %s %s%n", "x".repeat(200), "succeeded");
    assertThat(writes.seen).hasSizeGreaterThan(1);
  }
}
