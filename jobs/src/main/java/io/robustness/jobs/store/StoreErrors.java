package io.robustness.jobs.store;

import java.io.FileNotFoundException;
import java.util.Set;
import org.apache.hadoop.fs.FileAlreadyExistsException;

/**
 * Which failures of a store call are passing: a connection reset or timed out, a response cut
 * short, a throttled or unavailable service. The AWS SDK lets some of them through unretried (a
 * reset while it parses a response arrives as an {@code UncheckedIOException}), so callers retry
 * them once more themselves. A missing or existing file, a refused credential or a stopped attempt
 * is no passing failure.
 */
public final class StoreErrors {

  private static final Set<String> PASSING =
      Set.of(
          "SocketException",
          "SocketTimeoutException",
          "ConnectException",
          "ConnectTimeoutException",
          "ConnectionClosedException",
          "NoHttpResponseException",
          "TruncatedChunkException",
          "EOFException",
          "AWSClientIOException",
          "AWSServiceThrottledException",
          "AWSStatus500Exception",
          "AWSApiCallTimeoutException",
          "ApiCallAttemptTimeoutException",
          "SdkClientException");

  private StoreErrors() {}

  /** True when {@code e}, or something it was caused by, is a passing failure of the store. */
  public static boolean isPassing(Throwable e) {
    if (Thread.currentThread().isInterrupted()) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof FileNotFoundException || t instanceof FileAlreadyExistsException) {
        return false;
      }
      if (PASSING.contains(t.getClass().getSimpleName())) {
        return true;
      }
    }
    return false;
  }
}
