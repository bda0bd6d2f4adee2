package io.robustness.core.harden;

import ai.djl.ndarray.NDArray;

/** The training loss. */
final class Losses {

  private Losses() {}

  /** Mean cross-entropy of the logits against the labels, as PyTorch's default reduction. */
  static NDArray crossEntropy(NDArray logits, int[] labels, int classes) {
    NDArray oneHot = logits.getManager().create(labels).oneHot(classes);
    return logits.logSoftmax(1).mul(oneHot).sum().neg().div((float) labels.length);
  }
}
