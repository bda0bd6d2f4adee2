package io.robustness.jobs.cli;

import io.robustness.jobs.bench.ListingBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code robustness bench-listing}: how long listing many class-folder files takes, and the heap.
 */
@Command(
    name = "bench-listing",
    mixinStandardHelpOptions = true,
    description =
        "List a folder of --files empty .png files in --classes class folders (written first if"
            + " missing) the way an audit lists class folders; print the time and the heap kept.")
final class BenchListingCommand implements Callable<Integer> {

  @Option(names = "--root", required = true, description = "the folder of class folders")
  Path root;

  @Option(names = "--files", defaultValue = "200000", description = "default ${DEFAULT-VALUE}")
  int files;

  @Option(names = "--classes", defaultValue = "10", description = "default ${DEFAULT-VALUE}")
  int classes;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description = "listings, default ${DEFAULT-VALUE}")
  int repeat;

  @Override
  public Integer call() throws Exception {
    List<String> names = ListingBenchmark.prepare(root, files, classes);
    for (int i = 1; i <= repeat; i++) {
      System.out.println(
          "listing " + i + ": " + ListingBenchmark.measure(root.toUri().toString(), names));
    }
    return ExitCodes.OK;
  }
}
