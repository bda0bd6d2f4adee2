package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustness.core.model.TorchScriptModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every gradient attack shares: one gradient at the clean images (which also gives the clean
 * scores and resolves least-likely targets), an adversarial batch per epsilon from the subclass,
 * then scores and realized perturbation norms for each, through one forward per epsilon above 0 or
 * stacked forwards (epsilon 0 takes the gradient pass's scores). Perturbation and clipping happen
 * in pixel space; the model normalizes after.
 *
 * <p><b>Memory.</b> Every native array of a batch lives in a sub-manager closed before {@code run}
 * returns, so native memory does not grow with the number of batches.
 */
abstract class GradientAttack implements Attack {

  final AttackSpec spec;

  GradientAttack(AttackSpec spec) {
    this.spec = spec;
  }

  @Override
  public AttackSpec spec() {
    return spec;
  }

  @Override
  public AttackResult run(TorchScriptModel model, ImageBatch batch, Set<Double> keep) {
    return run(model, batch, keep, null);
  }

  /**
   * As {@link #run(TorchScriptModel, ImageBatch, Set)}, first handing {@code gradientSink} the loss
   * gradient at the clean images (layout of {@link ImageBatch#pixels()}): the golden tests compare
   * its signs with PyTorch's, from the very pass that scored the batch. A null sink skips the copy.
   */
  AttackResult run(
      TorchScriptModel model, ImageBatch batch, Set<Double> keep, Consumer<float[]> gradientSink) {
    int classes = model.spec().numClasses();
    batch.checkClasses(classes, spec.mode() == AttackMode.TARGETED);
    try (NDManager manager = model.newBatchManager()) {
      NDArray x = manager.create(FloatBuffer.wrap(batch.pixels()), shapeOf(batch));
      InputGradient start =
          InputGradient.of(
              model,
              x.duplicate(),
              probabilities -> Aims.of(batch, spec.mode(), probabilities, classes));
      if (gradientSink != null) {
        gradientSink.accept(start.gradient().toFloatArray());
      }
      Batch b = new Batch(model, batch, x, start);
      Score[] clean = Scores.of(start.cleanProbabilities(), classes, batch.labels());
      List<List<EpsilonScore>> perImage = perImageLists(batch.count());
      Map<Double, float[]> kept = new HashMap<>();
      for (List<Double> chunk : chunks(batch.count(), model)) {
        NDArray[] adversarial = new NDArray[chunk.size()];
        for (int e = 0; e < chunk.size(); e++) {
          double eps = chunk.get(e);
          adversarial[e] = eps == 0 ? x : adversarial(b, eps);
          if (keep.contains(eps)) {
            kept.put(eps, adversarial[e].toFloatArray());
          }
        }
        score(model, x, clean, chunk, adversarial, batch.labels(), perImage);
      }
      double[] exact = exactFlipEpsilons(b, perImage);
      float[] gradientSize =
          start.gradient().abs().reshape(batch.count(), -1).max(new int[] {1}).toFloatArray();
      return new AttackResult(
          batch, outcomes(batch, clean, start.aims(), perImage, exact, gradientSize), kept);
    }
  }

  /** One batch's state: the clean pixels and the gradient there. */
  record Batch(TorchScriptModel model, ImageBatch images, NDArray x, InputGradient start) {}

  /** The adversarial pixels at {@code epsilon} (never 0), attached to {@code b.x()}'s manager. */
  abstract NDArray adversarial(Batch b, double epsilon);

  /** FGSM's flip search; null when an attack does not search. */
  double[] exactFlipEpsilons(Batch b, List<List<EpsilonScore>> perImage) {
    return null;
  }

  /**
   * +1 or -1: the direction, per pixel, in which a step moves along the loss gradient's sign (down
   * a targeted loss, up an untargeted one; the other way when descending).
   */
  float stepSign() {
    return (spec.mode() == AttackMode.TARGETED ? -1f : 1f) * spec.direction().sign();
  }

  /**
   * The epsilons whose adversarial copies go through the model together: one each, or as many as
   * fit in {@code maxStackedImages} when stacking.
   */
  private List<List<Double>> chunks(int batchSize, TorchScriptModel model) {
    int per =
        spec.stacking().stacks(model.device())
            ? Math.max(1, spec.maxStackedImages() / batchSize)
            : 1;
    List<List<Double>> out = new ArrayList<>();
    for (int from = 0; from < spec.epsilons().size(); from += per) {
      out.add(spec.epsilons().subList(from, Math.min(spec.epsilons().size(), from + per)));
    }
    return out;
  }

  /**
   * Scores the adversarial copies of one chunk of epsilons, in one forward. Epsilon 0's copy is the
   * clean batch, which the gradient pass has scored already ({@code clean}): it takes those scores
   * and no forward of its own (one forward less per batch, and its row agrees with the clean
   * prediction by construction).
   */
  private static void score(
      TorchScriptModel model,
      NDArray x,
      Score[] clean,
      List<Double> epsilons,
      NDArray[] adversarial,
      int[] labels,
      List<List<EpsilonScore>> out) {
    int n = labels.length;
    int classes = model.spec().numClasses();
    List<NDArray> moved = new ArrayList<>();
    for (int e = 0; e < epsilons.size(); e++) {
      if (epsilons.get(e) != 0) {
        moved.add(adversarial[e]);
      }
    }
    float[] linf = new float[0];
    float[] l2 = new float[0];
    float[] probabilities = new float[0];
    if (!moved.isEmpty()) {
      NDArray stacked = moved.size() == 1 ? moved.get(0) : NDArrays.concat(new NDList(moved));
      NDArray original = moved.size() == 1 ? x : x.tile(new long[] {moved.size(), 1, 1, 1});
      NDArray delta = stacked.sub(original).reshape(stacked.getShape().get(0), -1);
      linf = delta.abs().max(new int[] {1}).toFloatArray();
      l2 = delta.square().sum(new int[] {1}).sqrt().toFloatArray();
      probabilities = model.logits(stacked).softmax(1).toFloatArray();
    }
    int k = 0;
    for (double eps : epsilons) {
      if (eps == 0) {
        for (int i = 0; i < n; i++) {
          out.get(i).add(new EpsilonScore(eps, clean[i], 0f, 0f));
        }
        continue;
      }
      float[] slice = Arrays.copyOfRange(probabilities, k * n * classes, (k + 1) * n * classes);
      Score[] scores = Scores.of(slice, classes, labels);
      for (int i = 0; i < n; i++) {
        int row = k * n + i;
        out.get(i).add(new EpsilonScore(eps, scores[i], linf[row], l2[row]));
      }
      k++;
    }
  }

  private List<ImageOutcome> outcomes(
      ImageBatch batch,
      Score[] clean,
      int[] aims,
      List<List<EpsilonScore>> perImage,
      double[] exact,
      float[] gradientSize) {
    List<ImageOutcome> out = new ArrayList<>(batch.count());
    for (int i = 0; i < batch.count(); i++) {
      int target = spec.mode() == AttackMode.TARGETED ? aims[i] : -1;
      out.add(
          new ImageOutcome(
              batch.labels()[i],
              target,
              spec.mode(),
              clean[i],
              perImage.get(i),
              exact == null ? Double.NaN : exact[i],
              // NaN fails the comparison: a gradient that is not a number cannot guide either.
              !(gradientSize[i] > 0)));
    }
    return out;
  }

  private static List<List<EpsilonScore>> perImageLists(int count) {
    List<List<EpsilonScore>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new ArrayList<>());
    }
    return out;
  }

  /**
   * Per image, {@code a} where {@code condition} {@code (N)} holds, else {@code b}: libtorch's
   * where through DJL does not broadcast the condition, so it is expanded per pixel here.
   */
  static NDArray perImage(NDArray condition, NDArray a, NDArray b) {
    NDArray perPixel =
        condition.reshape(-1, 1, 1, 1).broadcast(a.getShape()).toType(DataType.BOOLEAN, false);
    return NDArrays.where(perPixel, a, b);
  }

  static Shape shapeOf(ImageBatch batch) {
    return new Shape(batch.count(), batch.channels(), batch.height(), batch.width());
  }
}
