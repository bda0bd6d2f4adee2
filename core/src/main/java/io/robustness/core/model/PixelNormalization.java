package io.robustness.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The spec's per-channel {@code (x - mean) / std}, applied to pixels in [0,1] inside the autograd
 * graph, so that gradients are with respect to pixels: the one place models normalize, for the
 * attacks and for training alike.
 */
public final class PixelNormalization {

  private PixelNormalization() {}

  /** {@code pixels} normalized, or {@code pixels} itself when the spec normalizes nothing. */
  public static NDArray apply(ModelSpec spec, NDArray pixels) {
    if (spec.isIdentityNormalization()) {
      return pixels;
    }
    NDManager manager = pixels.getManager();
    Shape perChannel = new Shape(1, spec.channels(), 1, 1);
    NDArray mean = manager.create(toFloats(spec.mean()), perChannel);
    NDArray std = manager.create(toFloats(spec.std()), perChannel);
    return pixels.sub(mean).div(std);
  }

  private static float[] toFloats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }
}
