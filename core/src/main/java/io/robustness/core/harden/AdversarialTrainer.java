package io.robustness.core.harden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import io.robustness.core.attack.CrossEntropy;
import io.robustness.core.attack.GradMode;
import io.robustness.core.attack.InputGradient;
import io.robustness.core.image.PixelImage;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * Trains a {@link TrainableModel} on in-memory images, epoch by epoch, with the adversarial
 * examples of its {@link HardenSpec}: crafted on the current weights per batch (FGSM mixed, FGSM
 * from a random start) or given as data (static). Perturbation and clipping happen in pixel space,
 * as in the audit. Deterministic for a seed on CPU: the batch order and random starts come from
 * Java's seeded generator, dropout from libtorch's, seeded once.
 */
public final class AdversarialTrainer {

  /** Random starts and the 1.25 x epsilon step of Wong et al. (2020). */
  static final double RANDOM_INIT_STEP = 1.25;

  private final TrainableModel model;
  private final HardenSpec spec;
  private final Optimizer optimizer;
  private final Random random;

  public AdversarialTrainer(TrainableModel model, HardenSpec spec) {
    this.model = model;
    this.spec = spec;
    this.optimizer = spec.optimizer().create((float) spec.learningRate());
    this.random = new Random(spec.seed());
    io.robustness.core.model.PyTorchRuntime.engine().setRandomSeed((int) spec.seed());
  }

  /** Called after every batch with its number (from 1) and mean loss. */
  @FunctionalInterface
  public interface BatchListener {
    void batchDone(int batch, double loss);
  }

  /**
   * One pass over {@code images} in a seeded random order.
   *
   * @return the mean training loss over the epoch's batches
   */
  public double epoch(LabelledImages images, BatchListener listener) {
    int[] order = shuffled(images.size());
    double total = 0;
    int batches = 0;
    for (int from = 0; from < order.length; from += spec.batchSize()) {
      int[] indices =
          java.util.Arrays.copyOfRange(
              order, from, Math.min(order.length, from + spec.batchSize()));
      double loss = step(images, indices);
      total += loss;
      batches++;
      if (listener != null) {
        listener.batchDone(batches, loss);
      }
    }
    return batches == 0 ? Double.NaN : total / batches;
  }

  /** One optimizer step on the images at {@code indices}; returns the batch's loss. */
  double step(LabelledImages images, int[] indices) {
    PixelImage first = images.images().get(indices[0]);
    Shape shape = new Shape(indices.length, first.channels(), first.height(), first.width());
    float[] pixels = images.pixels(indices);
    int[] labels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      labels[i] = images.labels()[indices[i]];
    }
    int classes = model.spec().numClasses();
    try (NDManager manager = model.newBatchManager()) {
      NDArray loss;
      try (GradMode ignored = GradMode.enable()) {
        loss =
            switch (spec.method()) {
              case FGSM_MIXED -> {
                NDArray adversarial = fgsm(manager, pixels, shape, labels, null, spec.epsilon());
                NDArray clean = manager.create(FloatBuffer.wrap(pixels), shape);
                yield CrossEntropy.mean(model.logitsForGradient(clean), labels, classes)
                    .mul((float) spec.alpha())
                    .add(
                        CrossEntropy.mean(model.logitsForGradient(adversarial), labels, classes)
                            .mul((float) (1 - spec.alpha())));
              }
              case FGSM_RANDOM_INIT -> {
                float[] start = randomStart(pixels.length, spec.epsilon());
                NDArray adversarial =
                    fgsm(manager, pixels, shape, labels, start, RANDOM_INIT_STEP * spec.epsilon());
                yield CrossEntropy.mean(model.logitsForGradient(adversarial), labels, classes);
              }
              case STATIC ->
                  CrossEntropy.mean(
                      model.logitsForGradient(manager.create(FloatBuffer.wrap(pixels), shape)),
                      labels,
                      classes);
            };
        TrainableModel.backward(loss);
      }
      update(manager);
      return loss.getFloat();
    }
  }

  /**
   * FGSM on the current weights, from the clean pixels or from {@code start} (a perturbation in the
   * ball): the step's sign is taken at the starting point, the result kept within epsilon of the
   * clean pixels and in [0,1]. Returns a leaf without a graph; parameter gradients of the crafting
   * pass are discarded.
   */
  private NDArray fgsm(
      NDManager manager, float[] pixels, Shape shape, int[] labels, float[] start, double step) {
    NDArray clean = manager.create(FloatBuffer.wrap(pixels), shape);
    NDArray delta =
        start == null ? manager.zeros(shape) : manager.create(FloatBuffer.wrap(start), shape);
    NDArray x = clean.add(delta).clip(0, 1);
    NDArray sign = InputGradient.of(model, x, labels).gradient().sign();
    // The crafting pass left gradients on the weights too: not this step's.
    model.zeroGradients();
    try (GradMode ignored = GradMode.disable()) {
      float eps = (float) spec.epsilon();
      NDArray moved = delta.add(sign.mul((float) step)).clip(-eps, eps);
      return clean.add(moved).clip(0, 1);
    }
  }

  private float[] randomStart(int length, double epsilon) {
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = (float) ((random.nextDouble() * 2 - 1) * epsilon);
    }
    return out;
  }

  /** The optimizer's step on every parameter with a gradient, outside the graph; then zero. */
  private void update(NDManager batch) {
    try (GradMode ignored = GradMode.disable()) {
      for (Pair<String, Parameter> p : model.parameters()) {
        NDArray weight = p.getValue().getArray();
        if (weight.hasGradient()) {
          NDArray gradient = weight.getGradient();
          // Freed with the batch, not kept by the model's manager.
          gradient.attach(batch);
          optimizer.update(p.getKey(), weight, gradient);
        }
      }
    }
    model.zeroGradients();
  }

  private int[] shuffled(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
