package io.robustness.core.scoring;

/**
 * One image to score.
 *
 * @param item what the caller knows the image by (a path, a row); handed back with its result
 * @param label true class index
 * @param target target class index in targeted attacks, -1 otherwise
 */
public record ImageInput<T>(T item, int label, int target, PixelSource pixels) {}
