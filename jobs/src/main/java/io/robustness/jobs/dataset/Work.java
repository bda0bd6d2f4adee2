package io.robustness.jobs.dataset;

import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * The run's images as Spark will score them.
 *
 * @param items lazily produced work items, already sampled
 * @param knownCount how many items there are when the driver knows it (listed layouts), else -1
 * @param skipped files skipped by the listing, by reason
 * @param description what is scored, for the log: "2,000 images", "12 shards"
 */
public record Work(
    JavaRDD<WorkItem> items, long knownCount, Map<String, Long> skipped, String description) {

  public Work {
    skipped = Map.copyOf(skipped);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }
}
