package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.robustness.core.model.GradientModel;
import java.util.function.Function;

/**
 * The gradient of the cross-entropy loss, summed over the batch, with respect to the input pixels,
 * the clean class probabilities from the same forward pass, and the classes the loss was taken
 * against. Every attack takes its gradients here.
 *
 * <p>Grad mode is turned on for the calling thread only and the module's eval mode is never
 * touched, so several threads may take gradients on one shared model at once (see {@link
 * GradMode}).
 *
 * @param gradient {@code (N, C, H, W)}, attached to the pixels' manager
 * @param cleanProbabilities softmax of the logits at the pixels, row-major {@code (N, K)}
 * @param aims the class each image's loss was taken against
 */
public record InputGradient(NDArray gradient, float[] cleanProbabilities, int[] aims) {

  /**
   * @param pixels {@code (N, C, H, W)} in [0,1], a leaf (detach it first); marked as requiring a
   *     gradient
   * @param aims the class each image's loss is taken against (its label, or its target)
   */
  public static InputGradient of(GradientModel model, NDArray pixels, int[] aims) {
    return of(model, pixels, probabilities -> aims);
  }

  /**
   * @param aimsFromProbabilities the classes to take the loss against, given the clean
   *     probabilities of the same forward (for least-likely targets)
   */
  static InputGradient of(
      GradientModel model, NDArray pixels, Function<float[], int[]> aimsFromProbabilities) {
    try (GradMode ignored = GradMode.enable()) {
      pixels.setRequiresGradient(true);
      NDArray logits = model.logitsForGradient(pixels);
      float[] probabilities = logits.stopGradient().softmax(1).toFloatArray();
      int[] aims = aimsFromProbabilities.apply(probabilities);
      NDArray loss = CrossEntropy.summed(logits, aims, model.spec().numClasses());
      JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
      return new InputGradient(pixels.getGradient(), probabilities, aims);
    }
  }
}
