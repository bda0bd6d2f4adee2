package io.robustness.jobs.report;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A few table reads run at once. The threads are made by the thread that submits, so Spark's job
 * group and description (inherited thread-locals) follow the reads, and cancelling the run's jobs
 * cancels them too.
 */
final class ParallelReads implements AutoCloseable {

  private static final int THREADS = 4;

  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          THREADS,
          r -> {
            Thread t = new Thread(r, "report-read");
            t.setDaemon(true);
            return t;
          });

  <T> Future<T> submit(Callable<T> read) {
    return pool.submit(read);
  }

  /** The read's result; what it threw, unchecked, as the caller would have seen it. */
  static <T> T get(Future<T> read) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the report's tables", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      // Spark's AnalysisException is checked but undeclared: keep its message for the user.
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Lets the reads submitted so far finish, then ends the threads; returns at once. */
  void finishThenStop() {
    pool.shutdown();
  }

  /** Stops reads nobody waited for (one failed first). */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
