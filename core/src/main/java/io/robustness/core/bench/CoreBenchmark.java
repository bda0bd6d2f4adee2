package io.robustness.core.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.typesafe.config.ConfigFactory;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.Fgsm;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.model.TorchScriptModel;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures FGSM throughput of the core on an IDX test set (by default Debian's Fashion-MNIST,
 * 10,000 images):
 *
 * <ol>
 *   <li><b>core path</b>: {@link Fgsm#run} per batch from float pixels, as the job calls it,
 *       including array creation, scoring and perturbation norms;
 *   <li><b>compute bound</b>: on tensors preloaded in native memory, one forward+backward and one
 *       forward per epsilon per batch, nothing else.
 * </ol>
 *
 * Prints image-epsilons per second for both, their ratio, and the resident memory before and after.
 */
public final class CoreBenchmark {

  private final BenchmarkOptions options;

  private CoreBenchmark(BenchmarkOptions options) {
    this.options = options;
  }

  public static void run(BenchmarkOptions options) throws Exception {
    new CoreBenchmark(options).run();
  }

  private void run() throws Exception {
    IdxDataset data = IdxDataset.read(options.images(), options.labels());
    int count = Math.min(options.count(), data.count());
    ModelSpec spec =
        ModelSpec.fromConfig(ConfigFactory.parseFile(options.descriptor().toFile()).resolve());
    List<ImageBatch> batches = batches(data, count);
    Fgsm fgsm = new Fgsm(options.epsilons(), AttackMode.UNTARGETED);
    try (ModelLease lease = ModelCache.shared().acquire(options.model(), spec, Device.cpu())) {
      TorchScriptModel model = lease.model();
      long rssBefore = Rss.kilobytes();
      double[] path = new double[options.repeats()];
      double[] bound = new double[options.repeats()];
      timeCorePath(model, fgsm, batches.subList(0, Math.min(4, batches.size())));
      timeComputeBound(model, batches.subList(0, Math.min(4, batches.size())));
      long[] rss = new long[options.repeats()];
      for (int r = 0; r < options.repeats(); r++) {
        path[r] = timeCorePath(model, fgsm, batches);
        bound[r] = timeComputeBound(model, batches);
        rss[r] = Rss.kilobytes() / 1024;
      }
      report(count, path, bound, rssBefore, rss);
    }
  }

  private List<ImageBatch> batches(IdxDataset data, int count) {
    List<ImageBatch> out = new ArrayList<>();
    int pixels = data.height() * data.width();
    for (int from = 0; from < count; from += options.batchSize()) {
      int n = Math.min(options.batchSize(), count - from);
      float[] x = new float[n * pixels];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        System.arraycopy(data.image(from + i), 0, x, i * pixels, pixels);
        labels[i] = data.label(from + i);
      }
      out.add(new ImageBatch(n, 1, data.height(), data.width(), x, labels, labels));
    }
    return out;
  }

  /** Seconds for the whole set through {@link Fgsm#run}. */
  private static double timeCorePath(TorchScriptModel model, Fgsm fgsm, List<ImageBatch> batches) {
    long start = System.nanoTime();
    long scored = 0;
    for (ImageBatch batch : batches) {
      scored += fgsm.run(model, batch).size();
    }
    if (scored == 0) {
      throw new IllegalStateException("nothing scored");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Seconds for the bare model work on tensors already in native memory. */
  private double timeComputeBound(TorchScriptModel model, List<ImageBatch> batches) {
    try (NDManager preload = model.newBatchManager()) {
      List<NDArray> inputs = new ArrayList<>();
      List<NDArray> oneHots = new ArrayList<>();
      for (ImageBatch b : batches) {
        inputs.add(
            preload.create(
                FloatBuffer.wrap(b.pixels()), new Shape(b.count(), 1, b.height(), b.width())));
        oneHots.add(preload.create(b.labels()).oneHot(model.spec().numClasses()));
      }
      long start = System.nanoTime();
      for (int i = 0; i < inputs.size(); i++) {
        try (NDManager scope = preload.newSubManager()) {
          NDArray x = inputs.get(i).duplicate();
          x.attach(scope);
          boolean previous = JniUtils.isGradMode();
          JniUtils.setGradMode(true);
          try {
            x.setRequiresGradient(true);
            NDArray loss = model.logitsForGradient(x).logSoftmax(1).mul(oneHots.get(i)).sum().neg();
            JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
            x.getGradient().sign().toFloatArray();
          } finally {
            JniUtils.setGradMode(previous);
          }
          for (int e = 0; e < options.epsilons().size(); e++) {
            model.logits(inputs.get(i)).toFloatArray();
          }
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private void report(int count, double[] path, double[] bound, long rssBefore, long[] rssAfterMb) {
    int eps = options.epsilons().size();
    double pathBest = Arrays.stream(path).min().orElseThrow();
    double boundBest = Arrays.stream(bound).min().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "images=%d epsilons=%d batch=%d intra-op threads=%s repeats=%d%n",
        count,
        eps,
        options.batchSize(),
        System.getProperty("ai.djl.pytorch.num_threads", "libtorch default"),
        options.repeats());
    System.out.printf(
        Locale.ROOT,
        "core path      : %,10.0f image-epsilons/s (best of %s s)%n",
        count * eps / pathBest,
        Arrays.toString(round(path)));
    System.out.printf(
        Locale.ROOT,
        "compute bound  : %,10.0f image-epsilons/s (best of %s s)%n",
        count * eps / boundBest,
        Arrays.toString(round(bound)));
    System.out.printf(Locale.ROOT, "ratio path/bound: %.3f%n", boundBest / pathBest);
    // A plateau here, not a climb, is what says native memory is released per batch.
    System.out.printf(
        Locale.ROOT,
        "resident memory: %,d MB after warm-up, after each repeat (MB): %s%n",
        rssBefore / 1024,
        Arrays.toString(rssAfterMb));
  }

  private static double[] round(double[] seconds) {
    return Arrays.stream(seconds).map(s -> Math.round(s * 100) / 100.0).toArray();
  }

  /** What to benchmark; every field has a default in the command that builds it. */
  public record BenchmarkOptions(
      Path images,
      Path labels,
      Path model,
      Path descriptor,
      int count,
      int batchSize,
      List<Double> epsilons,
      int repeats) {}
}
