package io.robustness.jobs.store;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a store call again, with backoff, while it fails with a passing failure ({@link
 * StoreErrors}). Only for calls that are safe to repeat: reads, listings, deletes, and writes of
 * whole files or folders that the caller first clears.
 */
public final class StoreRetry {

  private static final Logger LOG = LoggerFactory.getLogger(StoreRetry.class);

  /** Tries in all; with the backoff below, about 6 s of retrying. */
  static final int TRIES = 6;

  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

  /** A store call. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws IOException;
  }

  private StoreRetry() {}

  /**
   * Runs {@code call}, again while it fails with a passing failure, up to {@value #TRIES} times.
   *
   * @param what what the call does, for the log
   */
  public static <T> T call(String what, Call<T> call) throws IOException {
    return call(what, TRIES, call);
  }

  /**
   * The same with {@code tries} tries in all: fewer for calls that redo much work, like a Spark job
   * writing a table again.
   */
  public static <T> T call(String what, int tries, Call<T> call) throws IOException {
    return call(what, tries, StoreErrors::isPassing, call);
  }

  /**
   * The same, with {@code passing} saying which failures are passing: for a caller that knows one
   * more kind of failure to be passing where it calls.
   */
  public static <T> T call(String what, int tries, Predicate<Exception> passing, Call<T> call)
      throws IOException {
    long pause = FIRST_PAUSE.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (Exception e) {
        // Exception: Spark throws its checked SparkException without declaring it.
        if (attempt >= tries || !passing.test(e)) {
          // The SDK's unchecked wrapper of an I/O failure goes back to being one.
          throw StoreRetry.<RuntimeException>rethrow(
              e instanceof java.io.UncheckedIOException u ? u.getCause() : e);
        }
        LOG.warn("{} failed ({}); trying again in {} ms", what, oneLine(e), pause);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while retrying " + what);
      }
      pause = Math.min(2_000, pause * 2);
    }
  }

  private static String oneLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Rethrows {@code e} as it is, checked or not. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable e) throws E {
    throw (E) e;
  }
}
