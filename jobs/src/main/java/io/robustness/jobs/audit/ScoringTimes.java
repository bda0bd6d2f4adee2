package io.robustness.jobs.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each partition's scoring ran, reported by tasks through a Spark accumulator as {@code
 * partition|start|end|images} (epoch milliseconds): the job's own measure of its scoring stage,
 * from the first image read to the last image scored over all partitions. A partition Spark
 * computed again (a lost block) reports again; only its first computation counts.
 */
final class ScoringTimes {

  private ScoringTimes() {}

  static String entry(int partition, long startMillis, long endMillis, int images) {
    return partition + "|" + startMillis + "|" + endMillis + "|" + images;
  }

  /**
   * @param processStartMillis when the driver's JVM started
   * @param firstScoringMillis when the first partition started scoring
   * @param scoringSeconds from the first partition's start to the last one's end
   */
  record Summary(
      long processStartMillis, long firstScoringMillis, double scoringSeconds, long images) {

    /** From the driver JVM's start to the first scoring task, in seconds. */
    double secondsToFirstScoring() {
      return (firstScoringMillis - processStartMillis) / 1000.0;
    }
  }

  static Summary summarize(List<String> entries, long processStartMillis) {
    Map<String, long[]> firstPerPartition = new HashMap<>();
    for (String entry : entries) {
      String[] f = entry.split("\\|");
      long[] times = {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
      firstPerPartition.merge(f[0], times, (a, b) -> a[0] <= b[0] ? a : b);
    }
    if (firstPerPartition.isEmpty()) {
      return new Summary(processStartMillis, processStartMillis, 0, 0);
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long images = 0;
    for (long[] t : firstPerPartition.values()) {
      first = Math.min(first, t[0]);
      last = Math.max(last, t[1]);
      images += t[2];
    }
    return new Summary(processStartMillis, first, (last - first) / 1000.0, images);
  }
}
