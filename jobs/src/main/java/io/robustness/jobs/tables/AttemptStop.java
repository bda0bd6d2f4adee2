package io.robustness.jobs.tables;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an attempt promptly when its process is asked to stop (SIGINT, SIGTERM): a shutdown hook
 * that runs before Spark's own (so the session and file systems still work) marks the attempt
 * stopping, cancels its Spark jobs, and waits, at most {@code timeout}, for the attempt to undo its
 * commit, record itself and release its lease ({@link #close}). Every change the committer makes
 * first asks {@link #check}, so an attempt between Spark jobs stops at its next step.
 */
public final class AttemptStop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptStop.class);

  /** Above Spark's hook (file systems' priority + 30), which stops the SparkContext. */
  private static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;

  /** This attempt was asked to stop by its process's shutdown. */
  public static final class Stopped extends IOException {
    private static final long serialVersionUID = 1L;

    Stopped(String message) {
      super(message);
    }
  }

  private final String runId;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Runnable hook;
  private volatile SparkContext spark;
  private volatile String jobGroup;

  private AttemptStop(String runId, Duration timeout) {
    this.runId = runId;
    this.hook = () -> stop(timeout);
    ShutdownHookManager.get()
        .addShutdownHook(hook, PRIORITY, timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
  }

  /**
   * Watches for the process being asked to stop while an attempt of {@code runId} runs; start it
   * before claiming the run, so that no signal can leave the lease behind.
   */
  public static AttemptStop watch(String runId, Duration timeout) {
    return new AttemptStop(runId, timeout);
  }

  /**
   * The Spark jobs to cancel on a stop: those of job group {@code group} in {@code context}, once
   * the session exists. A job the attempt submits just as the stop comes is cancelled too, so the
   * attempt's own clean-up must run its jobs in another group.
   */
  public AttemptStop cancels(SparkContext context, String group) {
    this.jobGroup = group;
    this.spark = context;
    return this;
  }

  private void stop(Duration timeout) {
    if (ended.getCount() == 0) {
      return;
    }
    stopping.set(true);
    LOG.warn(
        "run {}: the process was asked to stop: cancelling the attempt's Spark jobs, undoing any"
            + " commit under way and releasing the lease (waiting up to {} s)",
        runId,
        timeout.toSeconds());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      // Again and again until the attempt ends: a job being planned when the stop came is not
      // running yet, and would escape a single cancellation.
      do {
        SparkContext context = spark;
        if (context != null && !context.isStopped() && jobGroup != null) {
          context.cancelJobGroup(jobGroup);
        }
      } while (!ended.await(100, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
      if (ended.getCount() > 0) {
        LOG.error(
            "run {}: the attempt did not end within {} s; the next attempt finishes its clean-up",
            runId,
            timeout.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True once the process was asked to stop. */
  public boolean stopping() {
    return stopping.get();
  }

  /**
   * @throws Stopped when the process was asked to stop: the step must not start
   */
  public void check(String step) throws Stopped {
    if (stopping.get()) {
      throw new Stopped(
          "run " + runId + ": stopped before " + step + " because the process was asked to stop");
    }
  }

  /** The attempt has ended (recorded, lease released): the process may exit. */
  @Override
  public void close() {
    ended.countDown();
    try {
      ShutdownHookManager.get().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it returns at once now.
    }
  }
}
