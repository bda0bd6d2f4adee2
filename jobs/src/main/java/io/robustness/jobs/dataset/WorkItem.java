package io.robustness.jobs.dataset;

import io.robustness.core.image.FailureReason;
import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.PixelSource;
import io.robustness.core.scoring.ScoredImage;
import java.io.IOException;
import java.io.Serializable;

/**
 * One image to score: its id (a file's full URI, or {@code <file>#<row>}, {@code <shard>#<key>}),
 * true class index, target class index (-1 when untargeted), and where its bytes are: a file to
 * read (with its length when the listing knew it, -1 otherwise) or the bytes themselves, taken from
 * a Parquet row or a tar member. An item with a {@link Problem} was found bad before scoring (an
 * unreadable shard, a label that is not a class) and becomes an errors row as it is.
 */
public record WorkItem(
    String path, int label, int target, long length, byte[] bytes, Problem problem)
    implements Serializable {

  /** Why an item cannot be scored, as its errors row will say. */
  public record Problem(ScoredImage.Stage stage, FailureReason reason, String message)
      implements Serializable {}

  /** A file whose length the listing knew (or -1). */
  public WorkItem(String path, int label, int target, long length) {
    this(path, label, target, length, null, null);
  }

  /** A file whose length is not known yet. */
  public WorkItem(String path, int label, int target) {
    this(path, label, target, -1);
  }

  /** An image whose encoded bytes are at hand. */
  public static WorkItem inline(String id, int label, int target, byte[] bytes) {
    return new WorkItem(id, label, target, bytes.length, bytes, null);
  }

  /** An image (or a whole shard or file, then named by {@code id}) that cannot be scored. */
  public static WorkItem failed(
      String id,
      int label,
      int target,
      ScoredImage.Stage stage,
      FailureReason reason,
      String message) {
    return new WorkItem(id, label, target, -1, null, new Problem(stage, reason, message));
  }

  /** This image for the core's scoring path, its bytes read through {@code reader} when needed. */
  public ImageInput<WorkItem> input(ImageReader reader) {
    return new ImageInput<>(
        this, path, label, target, PixelSource.encoded(path, () -> bytes(reader)));
  }

  /** The encoded image: the bytes at hand, or the file's, read through {@code reader}. */
  public byte[] bytes(ImageReader reader) throws IOException {
    return bytes != null ? bytes : reader.read(path, length);
  }
}
