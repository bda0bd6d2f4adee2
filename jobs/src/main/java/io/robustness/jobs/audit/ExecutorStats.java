package io.robustness.jobs.audit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-executor facts reported by tasks through a Spark accumulator, as {@code executorId|loads}
 * strings: how many times that executor JVM loaded this run's model. Retried tasks report again;
 * taking the maximum makes that harmless.
 */
public final class ExecutorStats {

  private ExecutorStats() {}

  static String entry(String executorId, long loads) {
    return executorId + "|" + loads;
  }

  /** Executor id to model loads in that JVM. */
  public static Map<String, Long> modelLoads(List<String> entries) {
    Map<String, Long> out = new TreeMap<>();
    for (String entry : entries) {
      int bar = entry.lastIndexOf('|');
      out.merge(entry.substring(0, bar), Long.parseLong(entry.substring(bar + 1)), Math::max);
    }
    return out;
  }
}
