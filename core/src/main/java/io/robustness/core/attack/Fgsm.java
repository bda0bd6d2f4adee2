package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.robustness.core.model.TorchScriptModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Fast Gradient Sign Method over a batch, for a grid of epsilons in pixel units of [0,1]:
 * {@code x_adv = clip(x + eps * sign(grad_x loss(model(x), y)), 0, 1)}, or in targeted mode {@code
 * clip(x - eps * sign(grad_x loss(model(x), target)), 0, 1)}. The loss is cross-entropy summed over
 * the batch; the gradient does not depend on epsilon, so each batch costs one forward and backward
 * pass plus one forward per epsilon. Perturbation and clipping happen in pixel space; the model's
 * normalization is applied after. Epsilon 0 yields the clean scores.
 *
 * <p><b>Concurrency.</b> Safe to call from many threads on one shared model. DJL's PyTorch engine
 * allows a single {@code GradientCollector} per JVM, so this class does not use one: it turns grad
 * mode on for the calling thread only ({@code JniUtils.setGradMode}, thread-local in libtorch),
 * marks the batch input as requiring a gradient, runs the forward through {@code
 * IValueUtils.forward} with graph recording and calls backward on that thread's own graph.
 * Parameters are frozen and the module's eval mode is never toggled, so threads share nothing
 * mutable.
 *
 * <p><b>Memory.</b> Every native array of a batch lives in a sub-manager closed before {@code run}
 * returns, so native memory does not grow with the number of batches.
 */
public final class Fgsm {

  private final double[] epsilons;
  private final AttackMode mode;

  /**
   * @param epsilons the grid, each in [0,1]; include 0 to get the clean scores as a row
   */
  public Fgsm(List<Double> epsilons, AttackMode mode) {
    if (epsilons.isEmpty()) {
      throw new IllegalArgumentException("at least one epsilon is needed");
    }
    this.epsilons = epsilons.stream().mapToDouble(Double::doubleValue).toArray();
    for (double eps : this.epsilons) {
      if (!(eps >= 0 && eps <= 1)) {
        throw new IllegalArgumentException("epsilon must be in [0,1] (pixel units), got " + eps);
      }
    }
    this.mode = mode;
  }

  /** Attacks every image of the batch at every epsilon; the outcomes are in batch order. */
  public List<ImageOutcome> run(TorchScriptModel model, ImageBatch batch) {
    return run(model, batch, null);
  }

  /**
   * As {@link #run(TorchScriptModel, ImageBatch)}, first handing {@code gradientSink} the loss
   * gradient the perturbations are built from (layout of {@link ImageBatch#pixels()}): the golden
   * tests compare its signs with PyTorch's, from the very pass that scored the batch. A null sink
   * skips the copy out of native memory.
   */
  List<ImageOutcome> run(TorchScriptModel model, ImageBatch batch, Consumer<float[]> gradientSink) {
    int classes = model.spec().numClasses();
    checkLabels(batch, classes);
    try (NDManager manager = model.newBatchManager()) {
      NDArray x = manager.create(FloatBuffer.wrap(batch.pixels()), shapeOf(batch));
      int[] aims = mode == AttackMode.TARGETED ? batch.targets() : batch.labels();
      Gradient gradient = gradientSign(model, x, aims, classes);
      if (gradientSink != null) {
        gradientSink.accept(gradient.raw().toFloatArray());
      }
      Score[] clean = Scores.of(gradient.cleanProbabilities(), classes, batch.labels());
      NDArray step = mode == AttackMode.TARGETED ? gradient.sign().neg() : gradient.sign();
      List<List<EpsilonScore>> perImage = perImageLists(batch.count());
      for (double eps : epsilons) {
        scoreEpsilon(model, x, step, eps, batch.labels(), perImage);
      }
      return outcomes(batch, clean, perImage);
    }
  }

  /**
   * The adversarial pixels of the batch at every epsilon of the grid, in grid order, each in the
   * layout of {@link ImageBatch#pixels()}; one gradient for all. For showing examples, not for
   * scoring.
   */
  public List<float[]> adversarial(TorchScriptModel model, ImageBatch batch) {
    int classes = model.spec().numClasses();
    checkLabels(batch, classes);
    try (NDManager manager = model.newBatchManager()) {
      NDArray x = manager.create(FloatBuffer.wrap(batch.pixels()), shapeOf(batch));
      int[] aims = mode == AttackMode.TARGETED ? batch.targets() : batch.labels();
      NDArray sign = gradientSign(model, x, aims, classes).sign();
      NDArray step = mode == AttackMode.TARGETED ? sign.neg() : sign;
      List<float[]> out = new ArrayList<>(epsilons.length);
      for (double eps : epsilons) {
        out.add(perturb(x, step, eps).toFloatArray());
      }
      return out;
    }
  }

  private static NDArray perturb(NDArray x, NDArray step, double eps) {
    return x.add(step.mul((float) eps)).clip(0f, 1f);
  }

  private record Gradient(NDArray raw, NDArray sign, float[] cleanProbabilities) {}

  private static Gradient gradientSign(TorchScriptModel model, NDArray x, int[] aims, int classes) {
    try (GradMode ignored = GradMode.enable()) {
      x.setRequiresGradient(true);
      NDArray logits = model.logitsForGradient(x);
      NDArray oneHot = x.getManager().create(aims).oneHot(classes);
      NDArray loss = logits.logSoftmax(1).mul(oneHot).sum().neg();
      JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
      NDArray raw = x.getGradient();
      float[] probabilities = logits.stopGradient().softmax(1).toFloatArray();
      return new Gradient(raw, raw.sign(), probabilities);
    }
  }

  private static void scoreEpsilon(
      TorchScriptModel model,
      NDArray x,
      NDArray step,
      double eps,
      int[] labels,
      List<List<EpsilonScore>> out) {
    NDArray adversarial = perturb(x, step, eps);
    NDArray delta = adversarial.sub(x).reshape(labels.length, -1);
    float[] linf = delta.abs().max(new int[] {1}).toFloatArray();
    float[] l2 = delta.square().sum(new int[] {1}).sqrt().toFloatArray();
    NDArray logits = model.logits(adversarial);
    Score[] scores = Scores.of(logits.softmax(1).toFloatArray(), model.spec().numClasses(), labels);
    for (int i = 0; i < labels.length; i++) {
      out.get(i).add(new EpsilonScore(eps, scores[i], linf[i], l2[i]));
    }
  }

  private List<ImageOutcome> outcomes(
      ImageBatch batch, Score[] clean, List<List<EpsilonScore>> perImage) {
    List<ImageOutcome> out = new ArrayList<>(batch.count());
    for (int i = 0; i < batch.count(); i++) {
      int target = mode == AttackMode.TARGETED ? batch.targets()[i] : -1;
      out.add(new ImageOutcome(batch.labels()[i], target, mode, clean[i], perImage.get(i)));
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

  private void checkLabels(ImageBatch batch, int classes) {
    for (int i = 0; i < batch.count(); i++) {
      checkClass("label", batch.labels()[i], i, classes);
      if (mode == AttackMode.TARGETED) {
        checkClass("target", batch.targets()[i], i, classes);
      }
    }
  }

  private static void checkClass(String what, int value, int index, int classes) {
    if (value < 0 || value >= classes) {
      throw new IllegalArgumentException(
          what
              + " "
              + value
              + " of image "
              + index
              + " is outside the model's "
              + classes
              + " classes");
    }
  }

  private static Shape shapeOf(ImageBatch batch) {
    return new Shape(batch.count(), batch.channels(), batch.height(), batch.width());
  }

  public List<Double> epsilons() {
    List<Double> out = new ArrayList<>(epsilons.length);
    for (double eps : epsilons) {
      out.add(eps);
    }
    return out;
  }

  public AttackMode mode() {
    return mode;
  }
}
