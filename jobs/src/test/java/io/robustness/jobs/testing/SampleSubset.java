package io.robustness.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The first few images of each class of a sample set, copied into class folders, for quick runs.
 */
public final class SampleSubset {

  private SampleSubset() {}

  public static Path copy(String set, int perClass, Path target) throws IOException {
    Path source = Samples.data(set).resolve("images");
    try (Stream<Path> classes = Files.list(source)) {
      for (Path cls : classes.sorted().toList()) {
        Path to = Files.createDirectories(target.resolve(cls.getFileName().toString()));
        try (Stream<Path> files = Files.list(cls)) {
          List<Path> first = files.sorted().limit(perClass).toList();
          for (Path f : first) {
            Files.copy(f, to.resolve(f.getFileName().toString()));
          }
        }
      }
    }
    return target;
  }
}
