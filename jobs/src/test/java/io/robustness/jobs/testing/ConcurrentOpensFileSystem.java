package io.robustness.jobs.testing;

import io.robustness.jobs.store.ForkFreeLocalFileSystem;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * The local file system, counting how many opens are under way at once: each open waits until the
 * expected number are under way together (or 10 s have passed), so a reader that opens that many
 * files concurrently reaches it without depending on timing. Installed like {@link
 * FaultyFileSystem}; counters are per JVM.
 */
public class ConcurrentOpensFileSystem extends ForkFreeLocalFileSystem {

  private static final AtomicInteger GOAL = new AtomicInteger(1);
  private static final AtomicInteger UNDER_WAY = new AtomicInteger();
  private static final AtomicInteger MOST = new AtomicInteger();

  /** Starts counting afresh; opens wait until {@code opens} are under way together. */
  public static void expect(int opens) {
    GOAL.set(opens);
    UNDER_WAY.set(0);
    MOST.set(0);
  }

  /** The most opens that were under way at once since the last reset. */
  public static int most() {
    return MOST.get();
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    int now = UNDER_WAY.incrementAndGet();
    MOST.accumulateAndGet(now, Math::max);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (MOST.get() < GOAL.get() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      UNDER_WAY.decrementAndGet();
    }
    return super.open(f, bufferSize);
  }
}
