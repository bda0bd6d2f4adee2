package io.robustness.core.model;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hold on a cached model; while any lease is open the model is not closed. Close it exactly once.
 */
public final class ModelLease implements AutoCloseable {

  private final TorchScriptModel model;
  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();

  ModelLease(TorchScriptModel model, Runnable release) {
    this.model = model;
    this.release = release;
  }

  public TorchScriptModel model() {
    if (released.get()) {
      throw new IllegalStateException("this model lease was already closed");
    }
    return model;
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      release.run();
    }
  }
}
