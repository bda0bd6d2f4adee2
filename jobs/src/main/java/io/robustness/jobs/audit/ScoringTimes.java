package io.robustness.jobs.audit;

import io.robustness.jobs.audit.AuditResult.WarmUp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each partition's scoring ran, reported by tasks through a Spark accumulator as {@code
 * partition|executor|start|end|images} (epoch milliseconds): the job's own measure of its scoring
 * stage, from the first image read to the last image scored over all partitions. A partition Spark
 * computed again (a lost block) reports again; only its first computation counts.
 */
final class ScoringTimes {

  private ScoringTimes() {}

  static String entry(
      int partition, String executor, long startMillis, long endMillis, int images) {
    return partition + "|" + executor + "|" + startMillis + "|" + endMillis + "|" + images;
  }

  /**
   * @param processStartMillis when the driver's JVM started
   * @param firstScoringMillis when the first partition started scoring
   * @param lastScoredMillis when the last partition ended
   * @param warmUp each executor's first partition against the partitions after it
   */
  record Summary(
      long processStartMillis,
      long firstScoringMillis,
      long lastScoredMillis,
      long images,
      WarmUp warmUp) {

    /** From the first partition's start to the last one's end, in seconds. */
    double scoringSeconds() {
      return (lastScoredMillis - firstScoringMillis) / 1000.0;
    }

    /** From the driver JVM's start to the first scoring task, in seconds. */
    double secondsToFirstScoring() {
      return (firstScoringMillis - processStartMillis) / 1000.0;
    }
  }

  private record Partition(String id, String executor, long start, long end, long images) {
    double seconds() {
      return (end - start) / 1000.0;
    }

    /** Of two computations (of a partition, or on an executor), the one that started first. */
    static Partition earlier(Partition a, Partition b) {
      return a.start() <= b.start() ? a : b;
    }
  }

  static Summary summarize(List<String> entries, long processStartMillis) {
    Map<String, Partition> firstPerPartition = new HashMap<>();
    for (String entry : entries) {
      String[] f = entry.split("\\|");
      Partition p =
          new Partition(
              f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
      firstPerPartition.merge(f[0], p, Partition::earlier);
    }
    if (firstPerPartition.isEmpty()) {
      return new Summary(
          processStartMillis, processStartMillis, processStartMillis, 0, WarmUp.NONE);
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long images = 0;
    for (Partition p : firstPerPartition.values()) {
      first = Math.min(first, p.start());
      last = Math.max(last, p.end());
      images += p.images();
    }
    return new Summary(
        processStartMillis, first, last, images, warmUp(List.copyOf(firstPerPartition.values())));
  }

  private static WarmUp warmUp(List<Partition> partitions) {
    Map<String, Partition> firstOnExecutor = new HashMap<>();
    partitions.forEach(p -> firstOnExecutor.merge(p.executor(), p, Partition::earlier));
    double firstSeconds =
        firstOnExecutor.values().stream().mapToDouble(Partition::seconds).average().orElseThrow();
    List<Partition> later = new ArrayList<>(partitions);
    later.removeAll(firstOnExecutor.values());
    later.sort(Comparator.comparingDouble(Partition::seconds));
    int n = later.size();
    double median =
        n == 0 ? Double.NaN : (later.get((n - 1) / 2).seconds() + later.get(n / 2).seconds()) / 2;
    return new WarmUp(firstOnExecutor.size(), firstSeconds, median);
  }
}
