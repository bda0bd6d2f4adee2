package io.robustness.jobs.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackShape;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.attack.InputGradient;
import io.robustness.core.attack.Iterations;
import io.robustness.core.attack.Stacking;
import io.robustness.core.image.PixelImage;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.model.TorchScriptModel;
import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.ImageScorer;
import io.robustness.core.scoring.PixelSource;
import io.robustness.core.scoring.ScoredImages;
import io.robustness.jobs.runtime.ProcessMemory;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Attack throughput of the core on an IDX test set (MNIST's format):
 *
 * <ol>
 *   <li><b>core path</b>, per attack kind: the images, already decoded, through {@link ImageScorer}
 *       as the job scores them, including batching, scoring and perturbation norms;
 *   <li><b>compute bound</b> of FGSM: on tensors preloaded in native memory, the passes FGSM
 *       declares ({@link AttackKind#cost}: one forward+backward and one forward per epsilon above 0
 *       per batch), nothing else.
 * </ol>
 *
 * Returns image-epsilons per second for each, FGSM's ratio to its bound, each kind's cost against
 * FGSM's with the passes per batch that explain it, and the resident memory.
 */
public final class CoreBenchmark {

  private final BenchmarkOptions options;

  private CoreBenchmark(BenchmarkOptions options) {
    this.options = options;
  }

  /** The report's lines. */
  public static List<String> run(BenchmarkOptions options) throws Exception {
    return new CoreBenchmark(options).run();
  }

  private List<String> run() throws Exception {
    IdxDataset data = IdxDataset.read(options.images(), options.labels());
    int count = Math.min(options.count(), data.count());
    ModelSpec spec = ModelSpec.fromFile(options.descriptor());
    List<PixelImage> pixels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pixels.add(new PixelImage(1, data.height(), data.width(), data.image(i)));
    }
    List<ImageInput<Integer>> inputs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      inputs.add(
          new ImageInput<>(
              i, String.valueOf(i), data.label(i), -1, PixelSource.decoded(pixels.get(i))));
    }
    Map<AttackKind, ImageScorer> scorers = new LinkedHashMap<>();
    for (AttackKind kind : options.kinds()) {
      scorers.put(
          kind,
          new ImageScorer(
              spec(kind).create(), spec.preprocessor(Long.MAX_VALUE), options.batchSize()));
    }
    try (ModelLease lease = ModelCache.shared().acquire(options.model(), spec, Device.cpu())) {
      TorchScriptModel model = lease.model();
      long rssBefore = ProcessMemory.residentKb();
      Map<AttackKind, double[]> paths = new LinkedHashMap<>();
      double[] bound = new double[options.repeats()];
      List<ImageInput<Integer>> warmUp =
          inputs.subList(0, Math.min(4 * options.batchSize(), count));
      scorers.values().forEach(scorer -> timeCorePath(model, scorer, warmUp));
      timeComputeBound(model, pixels.subList(0, Math.min(4 * options.batchSize(), count)), data);
      long[] rss = new long[options.repeats()];
      for (int r = 0; r < options.repeats(); r++) {
        for (Map.Entry<AttackKind, ImageScorer> e : scorers.entrySet()) {
          paths.computeIfAbsent(e.getKey(), k -> new double[options.repeats()])[r] =
              timeCorePath(model, e.getValue(), inputs);
        }
        bound[r] = timeComputeBound(model, pixels, data);
        rss[r] = ProcessMemory.residentKb() / 1024;
      }
      return report(count, paths, bound, rssBefore, rss);
    }
  }

  /** Seconds for the whole set through the scoring path. */
  private static double timeCorePath(
      TorchScriptModel model, ImageScorer scorer, List<ImageInput<Integer>> inputs) {
    long start = System.nanoTime();
    long scored = 0;
    try (ScoredImages<Integer> results = scorer.score(model, inputs.iterator())) {
      for (; results.hasNext(); results.next()) {
        scored++;
      }
    }
    if (scored != inputs.size()) {
      throw new IllegalStateException("scored " + scored + " of " + inputs.size() + " images");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Seconds for the bare model work on tensors already in native memory. */
  private double timeComputeBound(
      TorchScriptModel model, List<PixelImage> pixels, IdxDataset data) {
    // FGSM's declared passes: one gradient pass and these forwards per batch.
    int forwards = AttackKind.FGSM.cost(spec(AttackKind.FGSM)).forward();
    try (NDManager preload = model.newBatchManager()) {
      List<NDArray> batches = new ArrayList<>();
      List<int[]> labels = new ArrayList<>();
      for (int from = 0; from < pixels.size(); from += options.batchSize()) {
        int to = Math.min(pixels.size(), from + options.batchSize());
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
          y[i - from] = data.label(i);
        }
        ImageBatch b = ImageBatch.of(pixels.subList(from, to), y, null);
        Shape shape = new Shape(b.count(), b.channels(), b.height(), b.width());
        batches.add(preload.create(FloatBuffer.wrap(b.pixels()), shape));
        labels.add(y);
      }
      long start = System.nanoTime();
      for (int i = 0; i < batches.size(); i++) {
        try (NDManager scope = preload.newSubManager()) {
          NDArray x = batches.get(i).duplicate();
          x.attach(scope);
          InputGradient.of(model, x, labels.get(i)).gradient().sign().toFloatArray();
          for (int f = 0; f < forwards; f++) {
            model.logits(batches.get(i)).toFloatArray();
          }
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private List<String> report(
      int count,
      Map<AttackKind, double[]> paths,
      double[] bound,
      long rssBefore,
      long[] rssAfterMb) {
    int eps = options.epsilons().size();
    double boundBest = Arrays.stream(bound).min().orElseThrow();
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "images=%d epsilons=%d batch=%d stacking=%s steps=%d intra-op threads=%s repeats=%d",
            count,
            eps,
            options.batchSize(),
            options.stacking(),
            options.iterations().steps(),
            System.getProperty("ai.djl.pytorch.num_threads", "libtorch default"),
            options.repeats()));
    double[] fgsm = paths.get(AttackKind.FGSM);
    double fgsmBest = fgsm == null ? Double.NaN : Arrays.stream(fgsm).min().orElseThrow();
    for (Map.Entry<AttackKind, double[]> e : paths.entrySet()) {
      double best = Arrays.stream(e.getValue()).min().orElseThrow();
      String versus =
          e.getKey() == AttackKind.FGSM || fgsm == null
              ? ""
              : String.format(Locale.ROOT, ", %.1fx FGSM's time", best / fgsmBest);
      out.add(
          String.format(
              Locale.ROOT,
              "core path %-4s : %,10.0f image-epsilons/s (best of %s s; %s per batch%s)",
              e.getKey().configName(),
              count * eps / best,
              Arrays.toString(round(e.getValue())),
              passes(e.getKey()),
              versus));
    }
    out.add(
        String.format(
            Locale.ROOT,
            "compute bound  : %,10.0f image-epsilons/s (best of %s s; FGSM's passes only)",
            count * eps / boundBest,
            Arrays.toString(round(bound))));
    if (fgsm != null) {
      out.add(String.format(Locale.ROOT, "ratio path/bound: %.3f", boundBest / fgsmBest));
    }
    // A plateau here, not a climb, is what says native memory is released per batch.
    out.add(
        String.format(
            Locale.ROOT,
            "resident memory: %,d MB after warm-up, after each repeat (MB): %s",
            rssBefore / 1024,
            Arrays.toString(rssAfterMb)));
    return out;
  }

  /** What the benchmark runs {@code kind} with, as the kind shapes it. */
  private AttackSpec spec(AttackKind kind) {
    return kind.shape(
        new AttackSpec(kind, options.epsilons(), AttackMode.UNTARGETED)
            .withIterations(options.iterations())
            .withStacking(options.stacking(), options.maxStackedImages()));
  }

  /** The model passes one batch costs under {@code kind}, as the kind declares them. */
  private String passes(AttackKind kind) {
    AttackShape.Cost cost = kind.cost(spec(kind));
    return String.format(
        Locale.ROOT, "%d forward+backward, %d forward", cost.forwardBackward(), cost.forward());
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
      int repeats,
      Stacking stacking,
      int maxStackedImages,
      List<AttackKind> kinds,
      Iterations iterations) {}
}
