package io.robustness.core.metrics;

/**
 * Clean-confidence buckets of 5 percentage points, named by their lower bound in percent: 0, 5,
 * ..., 95 (95 holds [0.95, 1.0]). Computed in float32, the type confidences have, so that 0.9f,
 * which lies a hair below 0.9, still lands in bucket 90 as a reader of the tables expects.
 */
public final class ConfidenceBuckets {

  public static final int WIDTH_PERCENT = 5;

  private ConfidenceBuckets() {}

  public static int bucketOf(float confidence) {
    int bucket = (int) Math.floor(confidence * (100f / WIDTH_PERCENT)) * WIDTH_PERCENT;
    return Math.max(0, Math.min(100 - WIDTH_PERCENT, bucket));
  }
}
