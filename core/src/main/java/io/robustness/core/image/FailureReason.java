package io.robustness.core.image;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Why an image could not be scored: the one vocabulary of {@code errors.reason}, whatever the
 * layout or the stage that found it. Names are stable; a new kind of failure gets a new constant.
 */
public enum FailureReason {
  /** The file has no bytes. */
  EMPTY_FILE,
  /** The bytes are in no format the decoders know (a text file named .jpg). */
  UNRECOGNIZED_FORMAT,
  /** The header declares more pixels than the decode limit; refused before decoding. */
  TOO_MANY_PIXELS,
  /** Truncated data, a bad checksum, or anything else a decoder rejects. */
  CORRUPT,
  /** A colour model the channel conversion cannot handle. */
  UNSUPPORTED_LAYOUT,
  /** The file or object is not there (any more). */
  NOT_FOUND,
  /** Reading failed, after retries. */
  READ_FAILED,
  /** The encoded file is larger than any image within the decode limit can be. */
  TOO_LARGE,
  /** A Parquet file whose footer cannot be read; names the file, not an image. */
  UNREADABLE_FILE,
  /** A Parquet row whose image is null or empty. */
  EMPTY_IMAGE,
  /** A WebDataset shard that is missing, cut short or not a tar archive; names the shard. */
  UNREADABLE_SHARD,
  /** A WebDataset sample without an image member. */
  MISSING_IMAGE,
  /** A sample without a label. */
  MISSING_LABEL,
  /** A sample whose label names no class of the model. */
  UNKNOWN_LABEL;

  /** The reason a read failed with {@code e}. */
  public static FailureReason ofRead(IOException e) {
    if (e instanceof ReadFailure failure) {
      return failure.reason();
    }
    if (e instanceof FileNotFoundException || e instanceof NoSuchFileException) {
      return NOT_FOUND;
    }
    return READ_FAILED;
  }

  /** A read failure that knows its reason, like a file too large to be an image. */
  public static class ReadFailure extends IOException {

    private static final long serialVersionUID = 1L;
    private final FailureReason reason;

    public ReadFailure(FailureReason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public FailureReason reason() {
      return reason;
    }
  }
}
