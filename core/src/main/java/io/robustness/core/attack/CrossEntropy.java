package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;

/** The loss of the attacks and of training, in one place. */
public final class CrossEntropy {

  private CrossEntropy() {}

  /** Cross-entropy of each row's logits against its class, summed over the batch. */
  public static NDArray summed(NDArray logits, int[] classes, int numClasses) {
    NDArray oneHot = logits.getManager().create(classes).oneHot(numClasses);
    return logits.logSoftmax(1).mul(oneHot).sum().neg();
  }

  /** The same, averaged over the batch: PyTorch's default reduction, for training. */
  public static NDArray mean(NDArray logits, int[] classes, int numClasses) {
    return summed(logits, classes, numClasses).div((float) classes.length);
  }
}
