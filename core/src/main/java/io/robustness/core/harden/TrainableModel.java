package io.robustness.core.harden;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.robustness.core.attack.CrossEntropy;
import io.robustness.core.attack.GradMode;
import io.robustness.core.model.GradientModel;
import io.robustness.core.model.ModelLoadException;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.model.PixelNormalization;
import io.robustness.core.model.TorchScriptFiles;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript classifier loaded for training: parameters as trainable tensors, the module in
 * training mode (a scripted module's batch-norm then uses batch statistics and updates its running
 * ones, and its dropout is on; a module traced in eval mode keeps eval behaviour baked in), saved
 * back as TorchScript in eval mode. One thread at a time.
 */
public final class TrainableModel implements GradientModel, AutoCloseable {

  private final Model model;
  private final PtSymbolBlock block;
  private final ModelSpec spec;
  private final Path file;
  private final List<Pair<String, Parameter>> parameters;

  private TrainableModel(Model model, ModelSpec spec, Path file) {
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.spec = spec;
    this.file = file;
    this.parameters = new ArrayList<>();
    block.getParameters().forEach(parameters::add);
  }

  /**
   * Loads {@code file} and checks that it can be trained: it has parameters, and one training step
   * on two images gives them gradients.
   *
   * @throws ModelLoadException naming the file and the fix
   */
  public static TrainableModel load(Path file, ModelSpec spec, Device device)
      throws ModelLoadException {
    Model model = TorchScriptFiles.open(file, "hardened", device);
    TrainableModel trainable = new TrainableModel(model, spec, file);
    try {
      trainable.checkTrainable();
      return trainable;
    } catch (ModelLoadException | RuntimeException e) {
      trainable.close();
      if (e instanceof ModelLoadException m) {
        throw m;
      }
      throw new ModelLoadException(
          "model file "
              + file
              + " cannot be trained: a training step failed ("
              + e.getMessage()
              + "); it must be differentiable from its input to its logits",
          e);
    }
  }

  private void checkTrainable() throws ModelLoadException {
    if (parameters.isEmpty()) {
      throw new ModelLoadException(
          "model file " + file + " has no parameters to train: harden a model with weights");
    }
    // A module saved with requires_grad = False everywhere is not caught here: DJL loads every
    // parameter as trainable (trainParam), and TorchScript's flags are not visible through it.
    JniUtils.enableTrainingMode(block);
    try (NDManager manager = newBatchManager();
        GradMode ignored = GradMode.enable()) {
      NDArray x =
          manager.randomUniform(0, 1, new Shape(2, spec.channels(), spec.height(), spec.width()));
      NDArray loss = CrossEntropy.mean(logitsForGradient(x), new int[] {0, 0}, spec.numClasses());
      backward(loss);
      boolean anyGradient = false;
      for (Pair<String, Parameter> p : parameters) {
        NDArray array = p.getValue().getArray();
        if (array.hasGradient()) {
          NDArray g = array.getGradient();
          g.attach(manager);
          anyGradient |= g.abs().sum().getFloat() > 0;
          JniUtils.zeroGrad((PtNDArray) array);
        }
      }
      if (!anyGradient) {
        throw new ModelLoadException(
            "model file "
                + file
                + " gives its parameters no gradient: its logits must depend on "
                + "its weights through differentiable operations");
      }
    }
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  /** A manager for one batch's arrays; close it when the batch is done. */
  NDManager newBatchManager() {
    return model.getNDManager().newSubManager();
  }

  /** Logits for pixels in [0,1], with the graph recorded (grad mode must be on). */
  @Override
  public NDArray logitsForGradient(NDArray pixels) {
    NDList out =
        IValueUtils.forward(block, new NDList(PixelNormalization.apply(spec, pixels)), true);
    return out.get(0);
  }

  static void backward(NDArray loss) {
    JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
  }

  List<Pair<String, Parameter>> parameters() {
    return parameters;
  }

  /** Sets every parameter's gradient to zero. */
  void zeroGradients() {
    for (Pair<String, Parameter> p : parameters) {
      NDArray array = p.getValue().getArray();
      if (array.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) array);
      }
    }
  }

  /** Writes the module as TorchScript in eval mode, then goes back to training mode. */
  public void save(OutputStream out) {
    JniUtils.enableInferenceMode(block);
    try {
      JniUtils.writeModule(block, out, false);
    } finally {
      JniUtils.enableTrainingMode(block);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
