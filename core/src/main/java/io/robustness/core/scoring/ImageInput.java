package io.robustness.core.scoring;

/**
 * One image to score.
 *
 * @param item what the caller knows the image by (a path, a row); handed back with its result
 * @param id a stable name of the image (its path); random starts are drawn from it, so they do not
 *     depend on batching
 * @param label true class index
 * @param target target class index in targeted attacks ({@code ImageBatch.LEAST_LIKELY}: the least
 *     likely class), -1 otherwise
 */
public record ImageInput<T>(T item, String id, int label, int target, PixelSource pixels) {

  /** A 64-bit key of the id (FNV-1a). */
  long key() {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
