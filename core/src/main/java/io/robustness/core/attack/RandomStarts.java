package io.robustness.core.attack;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Per-pixel uniform noise for the attacks that start at a random point (PGD, APGD), drawn from the
 * seed, each image's key, the restart, the epsilon and the attack's salt only: a run reproduces
 * itself whatever the batching.
 */
final class RandomStarts {

  private RandomStarts() {}

  /**
   * One value per pixel of the batch (layout of {@link ImageBatch#pixels()}): {@code scale} of a
   * uniform draw in [-1, 1).
   */
  static float[] uniform(
      ImageBatch images,
      long seed,
      long salt,
      int restart,
      double epsilon,
      DoubleUnaryOperator scale) {
    int per = images.channels() * images.height() * images.width();
    float[] noise = new float[images.count() * per];
    for (int i = 0; i < images.count(); i++) {
      SplittableRandom random =
          new SplittableRandom(
              mix(seed ^ salt, images.keys()[i], restart, Double.hashCode(epsilon)));
      for (int p = 0; p < per; p++) {
        noise[i * per + p] = (float) scale.applyAsDouble(random.nextDouble() * 2 - 1);
      }
    }
    return noise;
  }

  private static long mix(long seed, long key, int restart, int epsilon) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h ^= key + 0x632BE59BD9B4E019L + (h << 6) + (h >>> 2);
    h ^= restart * 0xC2B2AE3D27D4EB4FL + (h << 6) + (h >>> 2);
    h ^= epsilon + 0x165667B19E3779F9L + (h << 6) + (h >>> 2);
    return h;
  }
}
