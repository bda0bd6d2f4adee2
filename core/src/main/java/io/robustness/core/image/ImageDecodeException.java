package io.robustness.core.image;

import java.util.Locale;

/**
 * An image that could not be turned into pixels; names the file and says why. Never fails a whole
 * batch.
 */
public final class ImageDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why decoding failed, stable enough to group errors by. */
  public enum Reason {
    EMPTY_FILE,
    UNRECOGNIZED_FORMAT,
    TOO_MANY_PIXELS,
    CORRUPT,
    UNSUPPORTED_LAYOUT
  }

  private final String source;
  private final Reason reason;

  public ImageDecodeException(String source, Reason reason, String detail, Throwable cause) {
    super(String.format(Locale.ROOT, "cannot decode image %s: %s", source, detail), cause);
    this.source = source;
    this.reason = reason;
  }

  public ImageDecodeException(String source, Reason reason, String detail) {
    this(source, reason, detail, null);
  }

  /** The file (or other name) the bytes came from. */
  public String source() {
    return source;
  }

  public Reason reason() {
    return reason;
  }
}
