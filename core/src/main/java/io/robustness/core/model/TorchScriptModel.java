package io.robustness.core.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TorchScript classifier loaded through DJL, with its {@link ModelSpec}. Takes pixels in [0,1]
 * and applies the spec's normalization itself, inside the autograd graph, so input gradients are
 * with respect to pixels.
 *
 * <p>The module is loaded with trainable parameter storage (DJL option {@code trainParam};
 * otherwise the weights are inference tensors and backward fails), then every parameter is frozen:
 * only the input gradient is wanted. Forwards go through {@link IValueUtils#forward} and never
 * through {@code PtSymbolBlock.forward}, which would switch a scripted module to train mode
 * (dropout on, batch-norm batch statistics) when asked for gradients. The module therefore stays in
 * the eval mode it was traced in, and it is safe to share between threads.
 *
 * <p>Prefer {@link ModelCache} to loading directly: it loads once per JVM and closes on eviction.
 */
public final class TorchScriptModel implements GradientModel, AutoCloseable {

  private final Model model;
  private final PtSymbolBlock block;
  private final ModelSpec spec;
  private final String sha256;
  private final Path file;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder gradientForwards = new LongAdder();
  private final LongAdder inferenceForwards = new LongAdder();

  private TorchScriptModel(Model model, ModelSpec spec, String sha256, Path file) {
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    this.spec = spec;
    this.sha256 = sha256;
    this.file = file;
  }

  /**
   * Loads a TorchScript file onto {@code device}.
   *
   * @throws ModelLoadException when the file is missing or is not TorchScript; the message names
   *     the file
   */
  public static TorchScriptModel load(Path file, String sha256, ModelSpec spec, Device device)
      throws ModelLoadException {
    Model model = TorchScriptFiles.open(file, "model-" + sha256.substring(0, 12), device);
    model.getBlock().freezeParameters(true);
    return new TorchScriptModel(model, spec, sha256, file);
  }

  /**
   * A manager for one batch's arrays; close it when the batch is done so native memory is freed at
   * once.
   */
  public NDManager newBatchManager() {
    return model.getNDManager().newSubManager();
  }

  /**
   * Native arrays currently attached to this model's manager; 0 between batches unless something
   * leaks.
   */
  public int liveArrays() {
    return model.getNDManager().getManagedArrays().size();
  }

  /**
   * Logits for pixels {@code (N, C, H, W)} with the autograd graph recorded, for input gradients.
   * The calling thread must have grad mode on (see {@code Fgsm}).
   */
  @Override
  public NDArray logitsForGradient(NDArray pixels) {
    return logits(pixels, true);
  }

  /** Logits for pixels {@code (N, C, H, W)}, in inference mode (no graph). */
  public NDArray logits(NDArray pixels) {
    return logits(pixels, false);
  }

  /**
   * Forwards this model has run since it was loaded: with the autograd graph (gradient passes) and
   * without. What a batch costs is declared by each attack kind; these count what it did.
   */
  public Passes passes() {
    return new Passes(gradientForwards.sum(), inferenceForwards.sum());
  }

  /**
   * @param gradient forwards that recorded a graph, one per gradient pass
   * @param inference forwards in inference mode
   */
  public record Passes(long gradient, long inference) {

    /** The passes run since {@code earlier}. */
    public Passes since(Passes earlier) {
      return new Passes(gradient - earlier.gradient, inference - earlier.inference);
    }
  }

  private NDArray logits(NDArray pixels, boolean recordGraph) {
    (recordGraph ? gradientForwards : inferenceForwards).increment();
    NDList out =
        IValueUtils.forward(block, new NDList(PixelNormalization.apply(spec, pixels)), recordGraph);
    if (out.size() != 1) {
      throw new IllegalStateException(
          describe("returned " + out.size() + " outputs; a classifier returns one"));
    }
    NDArray logits = out.get(0);
    Shape shape = logits.getShape();
    if (shape.dimension() != 2
        || shape.get(0) != pixels.getShape().get(0)
        || shape.get(1) != spec.numClasses()) {
      throw new IllegalStateException(
          describe(
              String.format(
                  Locale.ROOT,
                  "returned logits of shape %s for %d images, but the spec lists %d classes: the class list must "
                      + "match the model's outputs",
                  shape,
                  pixels.getShape().get(0),
                  spec.numClasses())));
    }
    return logits;
  }

  private String describe(String problem) {
    return "model " + file + " " + problem;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  /** SHA-256 of the model file, hex. */
  public String sha256() {
    return sha256;
  }

  public Device device() {
    return model.getNDManager().getDevice();
  }

  public Path file() {
    return file;
  }

  /** True once {@link #close} ran; a cached model is closed when evicted and no lease holds it. */
  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      model.close();
    }
  }
}
