package io.robustness.jobs.cli;

import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.bench.BenchData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code robustness bench-data}: an IDX test set as PNG class folders, for the benchmark. */
@Command(
    name = "bench-data",
    mixinStandardHelpOptions = true,
    description = "Write an IDX test set as PNGs in class folders (repeated to --count files).")
final class BenchDataCommand implements Callable<Integer> {

  @Option(names = "--images", required = true, description = "IDX images (gz)")
  Path images;

  @Option(names = "--labels", required = true, description = "IDX labels (gz)")
  Path labels;

  @Option(
      names = "--classes-from",
      required = true,
      paramLabel = "MODEL.CONF",
      description = "the model descriptor whose class names name the folders")
  Path descriptor;

  @Option(names = "--count", required = true, description = "files to write")
  int count;

  @Option(names = "--out", required = true, description = "the folder of class folders")
  Path out;

  @Option(
      names = "--jpeg-size",
      defaultValue = "0",
      paramLabel = "PIXELS",
      description = "write RGB JPEGs scaled to this width and height (default: PNGs as they are)")
  int jpegSize;

  @Override
  public Integer call() throws Exception {
    if (jpegSize < 0) {
      System.err.println("--jpeg-size " + jpegSize + " must be 0 (PNGs) or a size in pixels");
      return ExitCodes.USAGE;
    }
    int written =
        BenchData.write(
            images, labels, ModelSpec.fromFile(descriptor).classes(), count, out, jpegSize);
    System.out.println(
        written == 0
            ? out + ": already complete"
            : out + ": wrote " + written + (jpegSize > 0 ? " JPEGs" : " PNGs"));
    return ExitCodes.OK;
  }
}
