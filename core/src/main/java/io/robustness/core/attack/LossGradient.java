package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.robustness.core.model.GradientModel;

/**
 * One gradient pass of APGD: the gradient of {@code loss} summed over the batch with respect to the
 * pixels, each image's loss and its predicted class, from the same forward. Grad mode as in {@link
 * InputGradient}: on for the calling thread only.
 *
 * @param gradient {@code (N, C, H, W)}, attached to the pixels' manager
 */
record LossGradient(NDArray gradient, float[] losses, long[] predictions) {

  /**
   * @param pixels {@code (N, C, H, W)} in [0,1], a leaf (a duplicate); marked as requiring a
   *     gradient
   */
  static LossGradient of(GradientModel model, NDArray pixels, int[] labels, ApgdLoss loss) {
    try (GradMode ignored = GradMode.enable()) {
      pixels.setRequiresGradient(true);
      NDArray logits = model.logitsForGradient(pixels);
      NDArray perImage = loss.perImage(logits, labels, model.spec().numClasses());
      NDArray total = perImage.sum();
      JniUtils.backward((PtNDArray) total, (PtNDArray) total.onesLike(), false, false);
      return new LossGradient(
          pixels.getGradient(),
          perImage.stopGradient().toFloatArray(),
          logits.stopGradient().argMax(1).toLongArray());
    }
  }
}
