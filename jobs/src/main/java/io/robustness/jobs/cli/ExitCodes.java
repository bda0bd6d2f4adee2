package io.robustness.jobs.cli;

/** Exit statuses of every command, for schedulers that gate on them. */
final class ExitCodes {

  static final int OK = 0;

  /** The run or query failed. */
  static final int FAILURE = 1;

  /** Bad arguments or settings; nothing was run. */
  static final int USAGE = 2;

  /** A gate failed: the candidate's accuracy dropped by more than allowed. */
  static final int REGRESSION = 3;

  private ExitCodes() {}
}
