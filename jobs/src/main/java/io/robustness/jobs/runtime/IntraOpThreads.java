package io.robustness.jobs.runtime;

import org.apache.spark.SparkConf;

/**
 * Sizes PyTorch's intra-op thread pool before the engine starts in this JVM: concurrent tasks times
 * threads should not exceed the executor's cores, so the default is {@code spark.task.cpus} threads
 * per task. An explicit {@code -Dai.djl.pytorch.num_threads} always wins.
 */
public final class IntraOpThreads {

  static final String PROPERTY = "ai.djl.pytorch.num_threads";

  private IntraOpThreads() {}

  /**
   * @param configured robustness.runtime.intra-op-threads (0: auto)
   */
  public static int resolve(int configured, int taskCpus) {
    return configured > 0 ? configured : Math.max(1, taskCpus);
  }

  /** With {@code spark.task.cpus} read from Spark's settings. */
  public static int resolve(int configured, SparkConf spark) {
    return resolve(configured, spark.getInt("spark.task.cpus", 1));
  }

  /** Sets the property unless the user did; takes effect only if the engine has not started yet. */
  public static synchronized void apply(int threads) {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, Integer.toString(threads));
    }
  }
}
