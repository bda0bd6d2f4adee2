package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.testing.CliRun;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one mapping from what went wrong to what a scheduler sees. */
class ExitCodesTest {

  @Test
  void badSettingsAndImpossibleRequestsAreUsageAndTheRestFailures() {
    assertThat(ExitCodes.of(new SettingsException(List.of("x")))).isEqualTo(ExitCodes.USAGE);
    assertThat(ExitCodes.of(new UsageException("no run 'x'"))).isEqualTo(ExitCodes.USAGE);
    // A bug's IllegalArgumentException is not the user's mistake.
    assertThat(ExitCodes.of(new IllegalArgumentException("no column x")))
        .isEqualTo(ExitCodes.FAILURE);
    assertThat(ExitCodes.of(new IOException("store"))).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void aUsageErrorEscapingACommandIsOneLineAndStatusTwo() {
    CliRun run = CliRun.of("retain", "--output", "/nonexistent-output", "--keep-days", "0");
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--keep-days 0 must be at least 1").doesNotContain("\tat ");
  }
}
