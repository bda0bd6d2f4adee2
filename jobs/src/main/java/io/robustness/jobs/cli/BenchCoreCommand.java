package io.robustness.jobs.cli;

import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.Iterations;
import io.robustness.core.attack.Stacking;
import io.robustness.jobs.bench.CoreBenchmark;
import io.robustness.jobs.bench.CoreBenchmark.BenchmarkOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code robustness bench-core}: core attack throughput against FGSM's compute bound. */
@Command(
    name = "bench-core",
    mixinStandardHelpOptions = true,
    description =
        "Measure core attack throughput (image-epsilons/s) per kind against FGSM's bare model compute.")
final class BenchCoreCommand implements Callable<Integer> {

  @Option(
      names = "--images",
      required = true,
      description = "IDX images (gz), like Debian's t10k-images-idx3-ubyte.gz")
  Path images;

  @Option(
      names = "--labels",
      required = true,
      description = "IDX labels (gz), like Debian's t10k-labels-idx1-ubyte.gz")
  Path labels;

  @Option(
      names = "--model-dir",
      description = "folder with model.pt and model.conf, default: ${DEFAULT-VALUE}",
      defaultValue = "${env:ROBUSTNESS_HOME:-.}/sample-data/fashion-mnist")
  Path modelDir;

  @Option(
      names = "--count",
      defaultValue = "10000",
      description = "images, default: ${DEFAULT-VALUE}")
  int count;

  @Option(names = "--batch-size", defaultValue = "256", description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(
      names = "--epsilons",
      split = ",",
      defaultValue = "0,0.02,0.05,0.1,0.2,0.3",
      description = "default: ${DEFAULT-VALUE}")
  List<Double> epsilons;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description = "timed runs of each, default: ${DEFAULT-VALUE}")
  int repeats;

  @Option(
      names = "--stacking",
      defaultValue = "PER_EPSILON",
      description = "PER_EPSILON or STACKED (the epsilon copies of a batch in one forward)")
  Stacking stacking;

  @Option(
      names = "--max-stacked-images",
      defaultValue = "2048",
      description = "with STACKED, most images in one forward, default: ${DEFAULT-VALUE}")
  int maxStackedImages;

  @Option(
      names = "--kinds",
      split = ",",
      defaultValue = "fgsm",
      description = "attack kinds timed, of fgsm, bim, pgd; default: ${DEFAULT-VALUE}")
  List<String> kinds;

  @Option(
      names = "--steps",
      defaultValue = "10",
      description = "bim and pgd steps per epsilon, default: ${DEFAULT-VALUE}")
  int steps;

  @Override
  public Integer call() throws Exception {
    List<AttackKind> attackKinds = new ArrayList<>();
    for (String name : kinds) {
      Optional<AttackKind> kind = AttackKind.parse(name);
      if (kind.isEmpty()) {
        System.err.println("--kinds " + name + " is not an attack: use " + AttackKind.names());
        return ExitCodes.USAGE;
      }
      attackKinds.add(kind.get());
    }
    if (steps < 1) {
      System.err.println("--steps " + steps + " must be at least 1");
      return ExitCodes.USAGE;
    }
    CoreBenchmark.run(
            new BenchmarkOptions(
                images,
                labels,
                modelDir.resolve("model.pt"),
                modelDir.resolve("model.conf"),
                count,
                batchSize,
                epsilons,
                repeats,
                stacking,
                maxStackedImages,
                attackKinds,
                new Iterations(steps, Iterations.madryStepSize(steps), true, 1, 0)))
        .forEach(System.out::println);
    return ExitCodes.OK;
  }
}
