package io.robustness.jobs.audit;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-executor facts reported by tasks through a Spark accumulator, as {@code
 * executorId|loadNumber|loaded} strings: which load of the executor JVM's model cache a task used,
 * and whether taking the model for that task performed the load. Spark may apply an update made in
 * a transformation again when it recomputes a partition (a lost block), so the driver counts each
 * (executor, load) once: the number of loads per executor JVM during the run, 1 when its tasks
 * shared one copy, however often partitions were computed.
 */
final class ExecutorStats {

  /** The executor id under which the driver's dry run is counted (Spark's own id of the driver). */
  public static final String DRIVER = "driver";

  private ExecutorStats() {}

  static String entry(String executorId, long loadNumber, boolean loadedModel) {
    return executorId + "|" + loadNumber + "|" + (loadedModel ? 1 : 0);
  }

  /** The driver's dry run, which loads the model once before Spark starts. */
  static String dryRun() {
    return DRIVER + "|dry-run|1";
  }

  /**
   * Executor id to the number of model loads its tasks (and, for the driver, the dry run)
   * performed.
   */
  public static Map<String, Long> modelLoads(List<String> entries) {
    Map<String, Set<String>> loads = new TreeMap<>();
    for (String entry : entries) {
      String[] f = entry.split("\\|");
      Set<String> ofExecutor = loads.computeIfAbsent(f[0], e -> new TreeSet<>());
      if (f[2].equals("1")) {
        ofExecutor.add(f[1]);
      }
    }
    Map<String, Long> out = new TreeMap<>();
    loads.forEach((executor, numbers) -> out.put(executor, (long) numbers.size()));
    return out;
  }
}
