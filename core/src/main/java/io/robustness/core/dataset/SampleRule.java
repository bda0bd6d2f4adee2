package io.robustness.core.dataset;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Which images a run scores: each image gets a rank from its id and the seed alone; an image is in
 * the sample when its rank falls in the first {@code fraction} of the rank range and, with a
 * per-class cap, is among the {@code perClass} lowest ranks of its class. Membership therefore
 * depends only on the id, the seed and the settings, never on listing order, partitioning or
 * machine, and a smaller sample is a subset of a larger one with the same seed.
 *
 * @param fraction in (0, 1]
 * @param perClass at most this many images per class; {@link #UNLIMITED} for no cap
 */
public record SampleRule(double fraction, long perClass, long seed) implements Serializable {

  public static final long UNLIMITED = Long.MAX_VALUE;

  /** Every image. */
  public static final SampleRule ALL = new SampleRule(1.0, UNLIMITED, 0);

  public SampleRule {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], not " + fraction);
    }
    if (perClass < 1) {
      throw new IllegalArgumentException("perClass must be positive, not " + perClass);
    }
  }

  /** True when every image is kept: no rank needs computing. */
  public boolean keepsEverything() {
    return fraction >= 1.0 && perClass == UNLIMITED;
  }

  public boolean capsClasses() {
    return perClass != UNLIMITED;
  }

  /**
   * The image's rank, uniform over [0, 2^63): FNV-1a over the id's UTF-8 bytes, then the SplitMix64
   * finalizer with the seed mixed in, so that nearby ids and seeds rank independently.
   */
  public long rank(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h ^ mix(seed + 0x9e3779b97f4a7c15L)) >>> 1;
  }

  /** True when the rank is inside the fraction (before any per-class cap). */
  public boolean inFraction(long rank) {
    return fraction >= 1.0 || rank < (long) (fraction * 0x1p63);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
