package io.robustness.jobs.audit;

import java.time.Duration;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks of a failed or cancelled job may still run for a while (Spark fails the job first and kills
 * its tasks after): they must be gone before the attempt removes its staging, or they write into it
 * again.
 */
public final class RunningTasks {

  private static final Logger LOG = LoggerFactory.getLogger(RunningTasks.class);

  private RunningTasks() {}

  /** Waits, at most {@code limit}, until no executor runs a task; returns whether none does. */
  public static boolean awaitNone(SparkContext spark, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (running(spark) > 0) {
      if (System.nanoTime() > deadline) {
        LOG.warn("{} tasks still run after {} s", running(spark), limit.toSeconds());
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static int running(SparkContext spark) {
    int n = 0;
    for (SparkExecutorInfo e : spark.statusTracker().getExecutorInfos()) {
      n += e.numRunningTasks();
    }
    return n;
  }
}
