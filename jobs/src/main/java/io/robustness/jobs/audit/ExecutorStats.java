package io.robustness.jobs.audit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-executor facts reported by tasks through a Spark accumulator, as {@code executorId|loaded}
 * strings: whether taking the model for that task loaded it into the executor JVM. Summed per
 * executor, that is how many times each JVM loaded the model during the run: 1 when its tasks
 * shared one copy. Spark keeps the updates of successful task attempts only.
 */
final class ExecutorStats {

  /** The executor id under which the driver's dry run is counted (Spark's own id of the driver). */
  public static final String DRIVER = "driver";

  private ExecutorStats() {}

  static String entry(String executorId, boolean loadedModel) {
    return executorId + "|" + (loadedModel ? 1 : 0);
  }

  /**
   * Executor id to the number of model loads its tasks (and, for the driver, the dry run)
   * performed.
   */
  public static Map<String, Long> modelLoads(List<String> entries) {
    Map<String, Long> out = new TreeMap<>();
    for (String entry : entries) {
      int bar = entry.lastIndexOf('|');
      out.merge(entry.substring(0, bar), Long.parseLong(entry.substring(bar + 1)), Long::sum);
    }
    return out;
  }
}
