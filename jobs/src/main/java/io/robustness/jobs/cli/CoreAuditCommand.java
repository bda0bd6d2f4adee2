package io.robustness.jobs.cli;

import ai.djl.Device;
import com.typesafe.config.ConfigFactory;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.Fgsm;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.image.ImageDecodeException;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.PixelImage;
import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.core.metrics.CurvePoint;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelSpec;
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
 * curve. A quick look at a model.
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
    ModelSpec spec =
        ModelSpec.fromConfig(ConfigFactory.parseFile(dir.resolve("model.conf").toFile()).resolve());
    ImagePreprocessor prep =
        new ImagePreprocessor(spec.channels(), spec.height(), spec.width(), 100_000_000L);
    Fgsm fgsm = new Fgsm(epsilons, AttackMode.UNTARGETED);
    CurveAccumulator curves = new CurveAccumulator(epsilons);
    List<PixelImage> pending = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int failed = 0;
    try (ModelLease lease =
        ModelCache.shared().acquire(dir.resolve("model.pt"), spec, Device.cpu())) {
      for (int c = 0; c < spec.numClasses(); c++) {
        for (Path file : imagesOf(dir.resolve("images").resolve(spec.classes().get(c)))) {
          try {
            pending.add(prep.prepare(file.toString(), Files.readAllBytes(file)));
            labels.add(c);
          } catch (ImageDecodeException e) {
            System.err.println(e.getMessage());
            failed++;
          }
          if (pending.size() == batchSize) {
            flush(fgsm, lease, pending, labels, curves);
          }
        }
      }
      flush(fgsm, lease, pending, labels, curves);
    }
    print(curves.overall(), failed);
    return 0;
  }

  private static List<Path> imagesOf(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void flush(
      Fgsm fgsm,
      ModelLease lease,
      List<PixelImage> pending,
      List<Integer> labels,
      CurveAccumulator curves) {
    if (pending.isEmpty()) {
      return;
    }
    int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
    fgsm.run(lease.model(), ImageBatch.of(pending, y, null)).forEach(curves::add);
    pending.clear();
    labels.clear();
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
      System.out.println(failed + " image(s) could not be decoded (listed above)");
    }
  }
}
