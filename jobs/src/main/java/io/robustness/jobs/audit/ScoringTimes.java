package io.robustness.jobs.audit;

import java.util.List;

/**
 * When each partition's scoring ran, reported by tasks through a Spark accumulator as {@code
 * start|end|images} (epoch milliseconds): the job's own measure of its scoring stage, from the
 * first image read to the last image scored over all partitions.
 */
final class ScoringTimes {

  private ScoringTimes() {}

  static String entry(long startMillis, long endMillis, int images) {
    return startMillis + "|" + endMillis + "|" + images;
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
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long images = 0;
    for (String entry : entries) {
      String[] f = entry.split("\\|");
      first = Math.min(first, Long.parseLong(f[0]));
      last = Math.max(last, Long.parseLong(f[1]));
      images += Long.parseLong(f[2]);
    }
    if (entries.isEmpty()) {
      return new Summary(processStartMillis, processStartMillis, 0, 0);
    }
    return new Summary(processStartMillis, first, (last - first) / 1000.0, images);
  }
}
