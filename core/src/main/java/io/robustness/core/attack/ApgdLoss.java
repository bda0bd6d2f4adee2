package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The per-image losses APGD climbs (Croce and Hein, 2020): cross-entropy, and the difference of
 * logits ratio, {@code -(z_y - max_{i != y} z_i) / (z_(1) - z_(3))} with {@code z_(k)} the k-th
 * largest logit, which is invariant to shifting and scaling the logits (so a saturated softmax does
 * not flatten it). Both built on the autograd graph of the logits.
 */
public enum ApgdLoss {
  CE {
    @Override
    NDArray perImage(NDArray logits, int[] labels, int classes) {
      NDArray oneHot = logits.getManager().create(labels).oneHot(classes);
      return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    }
  },
  DLR {
    @Override
    NDArray perImage(NDArray logits, int[] labels, int classes) {
      NDArray oneHot = logits.getManager().create(labels).oneHot(classes);
      NDArray own = logits.mul(oneHot).sum(new int[] {1});
      NDArray sorted = logits.sort(1);
      NDArray first = sorted.get(new NDIndex(":, {}", classes - 1));
      NDArray second = sorted.get(new NDIndex(":, {}", classes - 2));
      NDArray third = sorted.get(new NDIndex(":, {}", classes - 3));
      // Whether the label is the top class: a constant of the graph, as in the reference.
      long[] top = logits.stopGradient().argMax(1).toLongArray();
      float[] labelOnTop = new float[labels.length];
      for (int i = 0; i < labels.length; i++) {
        labelOnTop[i] = top[i] == labels[i] ? 1f : 0f;
      }
      NDArray onTop = logits.getManager().create(labelOnTop);
      NDArray best = second.mul(onTop).add(first.mul(onTop.neg().add(1f)));
      return own.sub(best).div(first.sub(third).add(1e-12f)).neg();
    }
  };

  /** Each image's loss {@code (N)} against its label; a graph node when the logits are one. */
  abstract NDArray perImage(NDArray logits, int[] labels, int classes);

  /** The smallest number of classes the loss is defined for. */
  public int minimumClasses() {
    return this == DLR ? 3 : 2;
  }
}
