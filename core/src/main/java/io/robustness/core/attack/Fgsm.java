package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * The Fast Gradient Sign Method over a batch, for a grid of epsilons in pixel units of [0,1]:
 * {@code x_adv = clip(x + eps * sign(grad_x loss(model(x), y)), 0, 1)}, or in targeted mode {@code
 * clip(x - eps * sign(grad_x loss(model(x), target)), 0, 1)}. The loss is cross-entropy summed over
 * the batch; the gradient does not depend on epsilon, so each batch costs one forward and backward
 * pass plus one forward per epsilon. Perturbation and clipping happen in pixel space; the model's
 * normalization is applied after. Epsilon 0 yields the clean scores.
 *
 * <p><b>Concurrency.</b> Safe to call from many threads on one shared model: DJL's PyTorch engine
 * allows a single {@code GradientCollector} per JVM, so gradients are taken through {@link
 * InputGradient}, with grad mode on for the calling thread only.
 *
 * <p><b>Memory.</b> Every native array of a batch lives in a sub-manager closed before {@code run}
 * returns, so native memory does not grow with the number of batches.
 */
public final class Fgsm implements Attack {

  private final AttackSpec spec;

  public Fgsm(AttackSpec spec) {
    this.spec = spec;
  }

  /**
   * @param epsilons the grid, each in [0,1], ascending; include 0 to get the clean scores as a row
   */
  public Fgsm(List<Double> epsilons, AttackMode mode) {
    this(new AttackSpec(AttackKind.FGSM, epsilons, mode));
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
   * gradient the perturbations are built from (layout of {@link ImageBatch#pixels()}): the golden
   * tests compare its signs with PyTorch's, from the very pass that scored the batch. A null sink
   * skips the copy out of native memory.
   */
  AttackResult run(
      TorchScriptModel model, ImageBatch batch, Set<Double> keep, Consumer<float[]> gradientSink) {
    int classes = model.spec().numClasses();
    batch.checkClasses(classes, spec.mode() == AttackMode.TARGETED);
    try (NDManager manager = model.newBatchManager()) {
      NDArray x = manager.create(FloatBuffer.wrap(batch.pixels()), shapeOf(batch));
      InputGradient gradient = InputGradient.of(model, x, aims(batch));
      if (gradientSink != null) {
        gradientSink.accept(gradient.gradient().toFloatArray());
      }
      Score[] clean = Scores.of(gradient.cleanProbabilities(), classes, batch.labels());
      NDArray sign = gradient.gradient().sign();
      NDArray step = spec.mode() == AttackMode.TARGETED ? sign.neg() : sign;
      List<List<EpsilonScore>> perImage = perImageLists(batch.count());
      Map<Double, float[]> kept = new HashMap<>();
      for (List<Double> chunk : chunks(batch.count(), model)) {
        NDArray[] adversarial = new NDArray[chunk.size()];
        for (int e = 0; e < chunk.size(); e++) {
          adversarial[e] = perturb(x, step, chunk.get(e));
          if (keep.contains(chunk.get(e))) {
            kept.put(chunk.get(e), adversarial[e].toFloatArray());
          }
        }
        score(model, x, chunk, adversarial, batch.labels(), perImage);
      }
      return new AttackResult(batch, outcomes(batch, clean, perImage), kept);
    }
  }

  private int[] aims(ImageBatch batch) {
    return spec.mode() == AttackMode.TARGETED ? batch.targets() : batch.labels();
  }

  private static NDArray perturb(NDArray x, NDArray step, double eps) {
    return x.add(step.mul((float) eps)).clip(0f, 1f);
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

  /** Scores the adversarial copies of one chunk of epsilons, in one forward. */
  private static void score(
      TorchScriptModel model,
      NDArray x,
      List<Double> epsilons,
      NDArray[] adversarial,
      int[] labels,
      List<List<EpsilonScore>> out) {
    int n = labels.length;
    NDArray stacked =
        adversarial.length == 1 ? adversarial[0] : NDArrays.concat(new NDList(adversarial));
    NDArray original =
        adversarial.length == 1 ? x : x.tile(new long[] {adversarial.length, 1, 1, 1});
    NDArray delta = stacked.sub(original).reshape(stacked.getShape().get(0), -1);
    float[] linf = delta.abs().max(new int[] {1}).toFloatArray();
    float[] l2 = delta.square().sum(new int[] {1}).sqrt().toFloatArray();
    float[] probabilities = model.logits(stacked).softmax(1).toFloatArray();
    int classes = model.spec().numClasses();
    for (int e = 0; e < epsilons.size(); e++) {
      float[] slice = Arrays.copyOfRange(probabilities, e * n * classes, (e + 1) * n * classes);
      Score[] scores = Scores.of(slice, classes, labels);
      for (int i = 0; i < n; i++) {
        int row = e * n + i;
        out.get(i).add(new EpsilonScore(epsilons.get(e), scores[i], linf[row], l2[row]));
      }
    }
  }

  private List<ImageOutcome> outcomes(
      ImageBatch batch, Score[] clean, List<List<EpsilonScore>> perImage) {
    List<ImageOutcome> out = new ArrayList<>(batch.count());
    for (int i = 0; i < batch.count(); i++) {
      int target = spec.mode() == AttackMode.TARGETED ? batch.targets()[i] : -1;
      out.add(new ImageOutcome(batch.labels()[i], target, spec.mode(), clean[i], perImage.get(i)));
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

  private static Shape shapeOf(ImageBatch batch) {
    return new Shape(batch.count(), batch.channels(), batch.height(), batch.width());
  }
}
