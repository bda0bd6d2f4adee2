package io.robustness.jobs.runtime;

import io.robustness.core.model.NativeAllocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;

/**
 * The environment executors start with, and a warning where a JVM that runs the model lacks it.
 * Executors are started by the cluster manager from {@code spark.executorEnv.*}, so the product
 * asks for libtorch's huge pages there unless the user's Spark settings name the variable (to turn
 * it off, set it to 0). A driver's own environment comes from its launcher or spark-submit.
 */
public final class ExecutorEnvironment {

  static final String PREFIX = "spark.executorEnv.";

  /** The environment is fixed when the JVM starts: judged once, not per task. */
  private static final Optional<String> ADVICE = NativeAllocation.advice(System.getenv());

  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private ExecutorEnvironment() {}

  /** Spark settings to add to a new session: those of {@link #PREFIX} the user did not set. */
  public static Map<String, String> defaults(SparkConf conf) {
    Map<String, String> add = new LinkedHashMap<>();
    String hugePages = PREFIX + NativeAllocation.HUGE_PAGES;
    if (!conf.contains(hugePages)) {
      add.put(hugePages, "1");
    }
    return add;
  }

  /** Logs, once per JVM, why this process's libtorch will be slow on large models, if it will. */
  public static void warnOnce(Logger log) {
    if (ADVICE.isPresent() && WARNED.compareAndSet(false, true)) {
      log.warn(ADVICE.get());
    }
  }
}
