package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.robustness.core.model.TorchScriptModel;

/**
 * The gradient of the cross-entropy loss, summed over the batch, with respect to the input pixels,
 * and the clean class probabilities from the same forward pass. Every attack takes its gradients
 * here.
 *
 * <p>Grad mode is turned on for the calling thread only and the module's eval mode is never
 * touched, so several threads may take gradients on one shared model at once (see {@link
 * GradMode}).
 *
 * @param gradient {@code (N, C, H, W)}, attached to the pixels' manager
 * @param cleanProbabilities softmax of the logits, row-major {@code (N, K)}
 */
public record InputGradient(NDArray gradient, float[] cleanProbabilities) {

  /**
   * @param pixels {@code (N, C, H, W)} in [0,1]; marked as requiring a gradient
   * @param aims the class each image's loss is taken against (its label, or its target)
   */
  public static InputGradient of(TorchScriptModel model, NDArray pixels, int[] aims) {
    try (GradMode ignored = GradMode.enable()) {
      pixels.setRequiresGradient(true);
      NDArray logits = model.logitsForGradient(pixels);
      NDArray oneHot = pixels.getManager().create(aims).oneHot(model.spec().numClasses());
      NDArray loss = logits.logSoftmax(1).mul(oneHot).sum().neg();
      JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
      float[] probabilities = logits.stopGradient().softmax(1).toFloatArray();
      return new InputGradient(pixels.getGradient(), probabilities);
    }
  }
}
