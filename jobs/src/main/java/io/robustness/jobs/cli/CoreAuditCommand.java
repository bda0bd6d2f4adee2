package io.robustness.jobs.cli;

import ai.djl.Device;
import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.core.metrics.CurvePoint;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.ImageScorer;
import io.robustness.core.scoring.PixelSource;
import io.robustness.core.scoring.ScoredImage;
import io.robustness.core.scoring.ScoredImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code robustness core-audit DIR}: FGSM over a local sample folder ({@code DIR/model.pt}, {@code
 * DIR/model.conf}, {@code DIR/images/<class>/<image>}) with the core alone, no Spark; prints the
 * curve. A quick look at a model, through the same scoring path as the job.
 */
@Command(
    name = "core-audit",
    mixinStandardHelpOptions = true,
    description =
        "Attack a local sample folder with the core alone (no Spark) and print the curve.")
final class CoreAuditCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "DIR",
      description = "folder with model.pt, model.conf and images/<class>/*")
  Path dir;

  @Option(
      names = "--epsilons",
      split = ",",
      defaultValue = "0,0.01,0.02,0.05,0.1,0.2,0.3",
      description = "pixel units of [0,1], default: ${DEFAULT-VALUE}")
  List<Double> epsilons;

  @Option(names = "--batch-size", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    ModelSpec spec = ModelSpec.fromFile(dir.resolve("model.conf"));
    List<Double> grid = epsilons.stream().sorted().distinct().toList();
    AttackSpec fgsm = new AttackSpec(AttackKind.FGSM, grid, AttackMode.UNTARGETED);
    ImageScorer scorer = new ImageScorer(fgsm.create(), spec.preprocessor(100_000_000L), batchSize);
    CurveAccumulator curves = new CurveAccumulator(fgsm.grid());
    int failed = 0;
    try (ModelLease lease =
            ModelCache.shared().acquire(dir.resolve("model.pt"), spec, Device.cpu());
        ScoredImages<Path> results = scorer.score(lease.model(), inputs(spec).iterator())) {
      while (results.hasNext()) {
        ScoredImage<Path> result = results.next();
        if (result instanceof ScoredImage.Scored<Path> scored) {
          curves.add(scored.outcome());
        } else if (result instanceof ScoredImage.Failed<Path> f) {
          System.err.println(f.message());
          failed++;
        }
      }
    }
    print(curves.overall(), failed);
    return ExitCodes.OK;
  }

  private List<ImageInput<Path>> inputs(ModelSpec spec) throws IOException {
    List<ImageInput<Path>> out = new ArrayList<>();
    for (int c = 0; c < spec.numClasses(); c++) {
      for (Path file : imagesOf(dir.resolve("images").resolve(spec.classes().get(c)))) {
        PixelSource pixels = PixelSource.encoded(file.toString(), () -> Files.readAllBytes(file));
        out.add(new ImageInput<>(file, file.toString(), c, -1, pixels));
      }
    }
    return out;
  }

  private static List<Path> imagesOf(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void print(List<CurvePoint> curve, int failed) {
    System.out.printf(
        Locale.ROOT, "%8s %8s %9s %15s%n", "epsilon", "images", "accuracy", "mean_confidence");
    for (CurvePoint p : curve) {
      System.out.printf(
          Locale.ROOT,
          "%8.3f %8d %9.4f %15.4f%n",
          p.epsilon(),
          p.images(),
          p.accuracy(),
          p.meanConfidence());
    }
    if (failed > 0) {
      System.out.println(failed + " image(s) could not be read or decoded (listed above)");
    }
  }
}
