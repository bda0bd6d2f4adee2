/**
 * Adversarial attacks over a batch of pixels: the Fast Gradient Sign Method, untargeted and
 * targeted, with one input gradient per batch reused for every epsilon, and the per-image scores at
 * each epsilon.
 *
 * <p>Works on {@link io.robustness.core.model.TorchScriptModel}s and float pixels; knows nothing of
 * files or Spark.
 */
package io.robustness.core.attack;
