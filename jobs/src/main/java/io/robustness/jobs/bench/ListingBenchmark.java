package io.robustness.jobs.bench;

import io.robustness.jobs.dataset.ClassFolderListing;
import io.robustness.jobs.dataset.Listing;
import io.robustness.jobs.runtime.ProcessMemory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * Measures the class-folder listing the audit runs before Spark starts: the time to list a folder
 * of many files and the driver heap the listing keeps, against the heap before it.
 */
public final class ListingBenchmark {

  /** What one listing cost. */
  public record Figures(long files, long millis, long retainedBytes, long peakRssMb) {

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "listed %,d files in %,d ms (%,.0f files/s); heap kept by the listing %,.1f MB (%,d bytes"
              + " per file); peak resident memory of the process %,d MB",
          files,
          millis,
          files * 1000.0 / Math.max(1, millis),
          retainedBytes / 1e6,
          files == 0 ? 0 : retainedBytes / files,
          peakRssMb);
    }
  }

  /** The last listing, held so that the heap measured after it still holds it. */
  private static volatile Listing held;

  private ListingBenchmark() {}

  private static void settle() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
  }

  /**
   * Writes {@code count} empty {@code .png} files spread over {@code classes} class folders, unless
   * a previous call did.
   *
   * @return the class names
   */
  public static List<String> prepare(Path root, int count, int classes) throws IOException {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add(String.format(Locale.ROOT, "class-%03d", c));
    }
    Path done = root.resolve(".complete-" + count + "-" + classes);
    if (Files.exists(done)) {
      return names;
    }
    for (String name : names) {
      Files.createDirectories(root.resolve(name));
    }
    for (int n = 0; n < count; n++) {
      Files.createFile(
          root.resolve(names.get(n % classes)).resolve(String.format(Locale.ROOT, "%08d.png", n)));
    }
    Files.createFile(done);
    return names;
  }

  public static Figures measure(String uri, List<String> classes) throws IOException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    held = null;
    settle();
    long before = memory.getHeapMemoryUsage().getUsed();
    long start = System.nanoTime();
    Listing listing =
        ClassFolderListing.list(uri, classes, List.of("png"), -1, new Configuration());
    long millis = (System.nanoTime() - start) / 1_000_000;
    held = listing;
    settle();
    long after = memory.getHeapMemoryUsage().getUsed();
    long files = listing.items().size();
    if (!listing.problems().isEmpty()) {
      throw new IOException(String.join("; ", listing.problems()));
    }
    return new Figures(files, millis, after - before, ProcessMemory.peakResidentKb() / 1024);
  }
}
