package io.robustness.jobs.audit;

import java.io.Serializable;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How many images first flip at each grid epsilon, and how many never do: enough for the exact mean
 * and median flip epsilon whatever the number of images, and mergeable in any order.
 */
final class FlipCounts implements Serializable {

  private static final long serialVersionUID = 1L;

  private final TreeMap<Double, Long> atEpsilon = new TreeMap<>();
  private long never;

  void add(OptionalDouble flipEpsilon) {
    if (flipEpsilon.isPresent()) {
      atEpsilon.merge(flipEpsilon.getAsDouble(), 1L, Long::sum);
    } else {
      never++;
    }
  }

  void merge(FlipCounts other) {
    other.atEpsilon.forEach((eps, n) -> atEpsilon.merge(eps, n, Long::sum));
    never += other.never;
  }

  long never() {
    return never;
  }

  /** The mean over the images that flip; null when none does. */
  Double mean() {
    long n = flipped();
    if (n == 0) {
      return null;
    }
    double sum = 0;
    for (Map.Entry<Double, Long> e : atEpsilon.entrySet()) {
      sum += e.getKey() * e.getValue();
    }
    return sum / n;
  }

  /** The median over the images that flip (the mean of the two middle ones); null when none. */
  Double median() {
    long n = flipped();
    if (n == 0) {
      return null;
    }
    return (nth((n - 1) / 2) + nth(n / 2)) / 2;
  }

  private double nth(long index) {
    long seen = 0;
    for (Map.Entry<Double, Long> e : atEpsilon.entrySet()) {
      seen += e.getValue();
      if (index < seen) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("no image " + index);
  }

  private long flipped() {
    return atEpsilon.values().stream().mapToLong(Long::longValue).sum();
  }
}
