package io.robustness.jobs.audit;

import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.PixelSource;
import java.io.Serializable;

/**
 * One image to score: its full URI, true class index, target class index (-1 when untargeted) and
 * length in bytes when the listing knew it (-1 otherwise).
 */
record WorkItem(String path, int label, int target, long length) implements Serializable {

  /** An image whose length is not known yet. */
  WorkItem(String path, int label, int target) {
    this(path, label, target, -1);
  }

  /** This image for the core's scoring path, its bytes read through {@code reader} when needed. */
  ImageInput<WorkItem> input(ImageReader reader) {
    return new ImageInput<>(
        this, path, label, target, PixelSource.encoded(path, () -> reader.read(path, length)));
  }
}
