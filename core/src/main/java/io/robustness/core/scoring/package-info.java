/**
 * The one scoring path: images in (as bytes to decode or as pixels), decoded and batched, attacked,
 * per-image outcomes out, failures recorded per image. The Spark job, the core-only audit, the
 * report's examples and the benchmark all go through {@link
 * io.robustness.core.scoring.ImageScorer}.
 *
 * <p>Knows images, models and attacks; knows nothing of files systems, Spark or tables: callers
 * hand in a way to read each image's bytes.
 */
package io.robustness.core.scoring;
