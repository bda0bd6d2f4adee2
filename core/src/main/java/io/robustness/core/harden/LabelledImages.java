package io.robustness.core.harden;

import io.robustness.core.image.PixelImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Images at the model's input size with their labels, in memory: what one JVM trains on. Memory:
 * channels x height x width x 4 bytes per image.
 */
public record LabelledImages(List<PixelImage> images, int[] labels) {

  public LabelledImages {
    images = List.copyOf(images);
    if (images.size() != labels.length) {
      throw new IllegalArgumentException(
          images.size() + " images but " + labels.length + " labels");
    }
  }

  public int size() {
    return labels.length;
  }

  /** These images followed by {@code more}. */
  public LabelledImages plus(LabelledImages more) {
    List<PixelImage> all = new ArrayList<>(images);
    all.addAll(more.images);
    int[] labelsOut = new int[labels.length + more.labels.length];
    System.arraycopy(labels, 0, labelsOut, 0, labels.length);
    System.arraycopy(more.labels, 0, labelsOut, labels.length, more.labels.length);
    return new LabelledImages(all, labelsOut);
  }

  /** Pixels of the images at {@code indices}, concatenated (N, C, H, W) row-major. */
  float[] pixels(int[] indices) {
    PixelImage first = images.get(indices[0]);
    int size = first.data().length;
    float[] out = new float[indices.length * size];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(images.get(indices[i]).data(), 0, out, i * size, size);
    }
    return out;
  }
}
