package io.robustness.jobs.cli;

import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.errors.UsageException;

/**
 * Exit statuses of every command, for schedulers that gate on them, and the one mapping from what
 * went wrong to the status. (130 and 143, a stop by SIGINT or SIGTERM, are the JVM's own: it exits
 * with them once the attempt's shutdown hook has undone its work.)
 */
final class ExitCodes {

  static final int OK = 0;

  /** The run or query failed. */
  static final int FAILURE = 1;

  /** Bad arguments or settings; nothing was run. */
  static final int USAGE = 2;

  /** A gate failed: the candidate's accuracy dropped by more than allowed. */
  static final int REGRESSION = 3;

  /**
   * {@code nightly --fail-on-checks}: an attack-failure check failed, so the run's curves may
   * overstate robustness (ahead of a regression: the figures themselves are in doubt).
   */
  static final int CHECK_FAILED = 4;

  private ExitCodes() {}

  /**
   * The status for a command that ended with {@code e}: bad settings and requests that cannot be
   * done as asked are usage errors (nothing was run or changed); anything else is a failure.
   */
  static int of(Throwable e) {
    return e instanceof SettingsException || e instanceof UsageException ? USAGE : FAILURE;
  }
}
