package io.robustness.core.testing;

import com.typesafe.config.ConfigFactory;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.image.ImageDecodeException;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.PixelImage;
import io.robustness.core.model.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One of the sample sets under {@code sample-data/}: images in class folders, model, descriptor,
 * golden file.
 */
public record SampleSet(Path root, ModelSpec spec, List<String> images, int[] labels) {

  public static SampleSet fashionMnist() {
    return load("fashion-mnist");
  }

  public static SampleSet mnist() {
    return load("mnist");
  }

  public static SampleSet load(String name) {
    Path root = repositoryRoot().resolve("sample-data").resolve(name);
    ModelSpec spec =
        ModelSpec.fromConfig(
            ConfigFactory.parseFile(root.resolve("model.conf").toFile()).resolve());
    List<String> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < spec.numClasses(); c++) {
      Path folder = root.resolve("images").resolve(spec.classes().get(c));
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.sorted().toList()) {
          images.add(root.relativize(file).toString());
          labels.add(c);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new SampleSet(root, spec, images, labels.stream().mapToInt(Integer::intValue).toArray());
  }

  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("sample-data"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no sample-data folder above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public Path modelFile() {
    return root.resolve("model.pt");
  }

  public Path golden() {
    return root.resolve("golden.csv");
  }

  public PixelImage pixels(int index) {
    ImagePreprocessor prep = spec.preprocessor(1L << 26);
    try {
      return prep.prepare(images.get(index), Files.readAllBytes(root.resolve(images.get(index))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ImageDecodeException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Images {@code from} (inclusive) to {@code to} (exclusive) as a batch; targets are {@code (label
   * + 1) % 10}.
   */
  public ImageBatch batch(int from, int to) {
    List<PixelImage> pixels = new ArrayList<>();
    int[] batchLabels = new int[to - from];
    int[] targets = new int[to - from];
    for (int i = from; i < to; i++) {
      pixels.add(pixels(i));
      batchLabels[i - from] = labels[i];
      targets[i - from] = (labels[i] + 1) % spec.numClasses();
    }
    return ImageBatch.of(pixels, batchLabels, targets);
  }

  public int size() {
    return images.size();
  }
}
