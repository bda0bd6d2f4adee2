package io.robustness.jobs.errors;

/**
 * The user asked for something that cannot be done as asked (a run that does not exist or did not
 * succeed, runs that share nothing to compare, an argument out of range): nothing was run or
 * changed. The command line maps it to exit status 2; the message says what to do instead.
 */
public class UsageException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
