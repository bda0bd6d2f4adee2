package io.robustness.core.dataset;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The per-class cap of a {@link SampleRule}: keeps, per class, the {@code perClass} lowest ranks
 * offered (of images inside the fraction), mergeable so that a distributed pass can build it part
 * by part. Its {@link #thresholds()} then decide membership image by image. Memory: {@code
 * perClass} longs per class at most.
 */
public final class ClassCaps implements Serializable {

  private static final long serialVersionUID = 1L;

  private final SampleRule rule;
  private final HashMap<Integer, PriorityQueue<Long>> lowest = new HashMap<>();

  public ClassCaps(SampleRule rule) {
    this.rule = rule;
  }

  /** Counts an image of class {@code label} with this id, if it is inside the fraction. */
  public ClassCaps offer(int label, String id) {
    long rank = rule.rank(id);
    if (rule.inFraction(rank)) {
      offerRank(label, rank);
    }
    return this;
  }

  private void offerRank(int label, long rank) {
    PriorityQueue<Long> heap =
        lowest.computeIfAbsent(label, l -> new PriorityQueue<>(Collections.reverseOrder()));
    if (heap.size() < rule.perClass()) {
      heap.add(rank);
    } else if (rank < heap.peek()) {
      heap.poll();
      heap.add(rank);
    }
  }

  public ClassCaps merge(ClassCaps other) {
    other.lowest.forEach((label, heap) -> heap.forEach(rank -> offerRank(label, rank)));
    return this;
  }

  /** Per class, the highest rank that is kept. */
  public Thresholds thresholds() {
    Map<Integer, Long> out = new HashMap<>();
    lowest.forEach((label, heap) -> out.put(label, heap.peek()));
    return new Thresholds(rule, out);
  }

  /** Decides membership once the caps are known. */
  public record Thresholds(SampleRule rule, Map<Integer, Long> highestKept)
      implements Serializable {

    public Thresholds {
      highestKept = Map.copyOf(highestKept);
    }

    /** Thresholds of a rule without a per-class cap: the fraction alone decides. */
    public static Thresholds uncapped(SampleRule rule) {
      if (rule.capsClasses()) {
        throw new IllegalArgumentException("a per-class cap needs a pass over the labels");
      }
      return new Thresholds(rule, Map.of());
    }

    /**
     * True when the image is in the sample. Images whose label is not a class ({@code label < 0})
     * are judged by the fraction alone, so that their errors rows appear in a sample too.
     */
    public boolean keeps(int label, String id) {
      if (rule.keepsEverything()) {
        return true;
      }
      long rank = rule.rank(id);
      if (!rule.inFraction(rank)) {
        return false;
      }
      if (!rule.capsClasses() || label < 0) {
        return true;
      }
      Long highest = highestKept.get(label);
      return highest != null && rank <= highest;
    }
  }
}
