package io.robustness.jobs.audit;

import io.robustness.core.attack.ImageOutcome;
import io.robustness.jobs.report.FlipHistograms;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How many images first flip at each grid epsilon, and how many never do: enough for the exact mean
 * and median flip epsilon whatever the number of images, and mergeable in any order. Also the
 * report's histogram of exact flip epsilons, binned as the report bins the flips table's.
 */
final class FlipCounts implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<Double> epsilons;
  private final TreeMap<Double, Long> atEpsilon = new TreeMap<>();
  private final long[] exactBins = FlipHistograms.emptyBins();
  private long never;

  /**
   * @param epsilons the attack's grid
   */
  FlipCounts(List<Double> epsilons) {
    this.epsilons = List.copyOf(epsilons);
  }

  void add(ImageOutcome outcome) {
    OptionalDouble flipEpsilon = outcome.flipEpsilon();
    if (flipEpsilon.isPresent()) {
      atEpsilon.merge(flipEpsilon.getAsDouble(), 1L, Long::sum);
    } else {
      never++;
    }
    double exact = outcome.exactFlipEpsilon();
    if (!Double.isNaN(exact)) {
      exactBins[FlipHistograms.bin(exact, epsilons)]++;
    }
  }

  void merge(FlipCounts other) {
    other.atEpsilon.forEach((eps, n) -> atEpsilon.merge(eps, n, Long::sum));
    never += other.never;
    for (int i = 0; i < exactBins.length; i++) {
      exactBins[i] += other.exactBins[i];
    }
  }

  /** The report's flip histograms of these images. */
  FlipHistograms histograms() {
    Map<Double, Long> byGrid = new HashMap<>(atEpsilon);
    if (never > 0) {
      byGrid.put(null, never);
    }
    return FlipHistograms.of(byGrid, exactBins.clone(), epsilons);
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
