package io.robustness.jobs.audit;

import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.PixelSource;
import java.io.Serializable;

/**
 * One image to score: its full URI, true class index and target class index (-1 when untargeted).
 */
record WorkItem(String path, int label, int target) implements Serializable {

  /** This image for the core's scoring path, its bytes read through {@code reader} when needed. */
  ImageInput<WorkItem> input(ImageReader reader) {
    return new ImageInput<>(
        this, label, target, PixelSource.encoded(path, () -> reader.read(path)));
  }
}
