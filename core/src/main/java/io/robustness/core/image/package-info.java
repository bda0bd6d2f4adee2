/**
 * Decoding PNG and JPEG bytes into model-ready pixels: channel conversion, resizing, limits, typed
 * decode errors.
 *
 * <p>Knows nothing of models beyond the target channels and size, nothing of Spark or file systems:
 * it takes bytes and a name for messages.
 */
package io.robustness.core.image;
