package io.robustness.core.image;

import java.util.Locale;

/**
 * An image that could not be turned into pixels; names the file and says why. Never fails a whole
 * batch.
 */
public final class ImageDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final FailureReason reason;

  public ImageDecodeException(String source, FailureReason reason, String detail, Throwable cause) {
    super(String.format(Locale.ROOT, "cannot decode image %s: %s", source, detail), cause);
    this.source = source;
    this.reason = reason;
  }

  public ImageDecodeException(String source, FailureReason reason, String detail) {
    this(source, reason, detail, null);
  }

  /** The file (or other name) the bytes came from. */
  public String source() {
    return source;
  }

  public FailureReason reason() {
    return reason;
  }
}
