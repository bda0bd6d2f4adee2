package io.robustness.core.model;

import ai.djl.ndarray.NDArray;

/**
 * A classifier whose logits can be differentiated with respect to its input pixels: the frozen
 * model the attacks use and the one being trained both craft adversarial examples through it.
 */
public interface GradientModel {

  /** Logits for pixels {@code (N, C, H, W)} in [0,1], with the autograd graph recorded. */
  NDArray logitsForGradient(NDArray pixels);

  ModelSpec spec();
}
