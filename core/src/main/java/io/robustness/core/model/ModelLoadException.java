package io.robustness.core.model;

/** A model that cannot be used; the message names the model and says how to fix it. */
public final class ModelLoadException extends Exception {

  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  public ModelLoadException(String message) {
    super(message);
  }
}
