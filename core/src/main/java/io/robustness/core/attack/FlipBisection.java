package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bisects along FGSM's direction, for every image of a batch at once, between the last grid epsilon
 * that keeps the label and the first that loses it, until the two are within the tolerance: about
 * log2(gap / tolerance) forwards of the images still searching. The result is the upper end, an
 * epsilon at which the prediction was seen to leave the label.
 */
final class FlipBisection {

  private final GradientAttack.Batch b;
  private final float[] step;
  private final double tolerance;
  private final int per;

  FlipBisection(GradientAttack.Batch b, float[] step, double tolerance) {
    this.b = b;
    this.step = step;
    this.tolerance = tolerance;
    ImageBatch images = b.images();
    this.per = images.channels() * images.height() * images.width();
  }

  /** Per image: its boundary, 0 when the clean prediction is already wrong, NaN when none. */
  double[] search(List<List<EpsilonScore>> perImage) {
    int n = perImage.size();
    double[] lo = new double[n];
    double[] hi = new double[n];
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<EpsilonScore> scores = perImage.get(i);
      int label = b.images().labels()[i];
      for (int e = 0; e < scores.size(); e++) {
        if (scores.get(e).score().prediction() != label) {
          if (e == 0) {
            out[i] = scores.get(e).epsilon();
          } else {
            lo[i] = scores.get(e - 1).epsilon();
            hi[i] = scores.get(e).epsilon();
            open.add(i);
          }
          break;
        }
      }
    }
    while (!open.isEmpty()) {
      open.removeIf(i -> hi[i] - lo[i] <= tolerance);
      if (open.isEmpty()) {
        break;
      }
      double[] mid = new double[open.size()];
      for (int k = 0; k < mid.length; k++) {
        mid[k] = (lo[open.get(k)] + hi[open.get(k)]) / 2;
      }
      int[] predictions = predictAt(open, mid);
      for (int k = 0; k < mid.length; k++) {
        int i = open.get(k);
        if (predictions[k] != b.images().labels()[i]) {
          hi[i] = mid[k];
        } else {
          lo[i] = mid[k];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(out[i]) && hi[i] > 0) {
        out[i] = hi[i];
      }
    }
    return out;
  }

  /** The predictions for images {@code which} stepped by {@code epsilons}, in one forward. */
  int[] predictAt(List<Integer> which, double[] epsilons) {
    float[] x = b.images().pixels();
    float[] moved = new float[which.size() * per];
    for (int k = 0; k < which.size(); k++) {
      int from = which.get(k) * per;
      float eps = (float) epsilons[k];
      for (int p = 0; p < per; p++) {
        // As libtorch computes FGSM: the step times epsilon, added, then clipped.
        moved[k * per + p] = Math.min(1f, Math.max(0f, x[from + p] + step[from + p] * eps));
      }
    }
    ImageBatch images = b.images();
    try (NDManager scope = b.x().getManager().newSubManager()) {
      NDArray input =
          scope.create(
              FloatBuffer.wrap(moved),
              new Shape(which.size(), images.channels(), images.height(), images.width()));
      return b.model()
          .logits(input)
          .argMax(1)
          .toType(ai.djl.ndarray.types.DataType.INT32, false)
          .toIntArray();
    }
  }
}
