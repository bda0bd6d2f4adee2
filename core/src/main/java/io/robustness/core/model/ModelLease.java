package io.robustness.core.model;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hold on a cached model; while any lease is open the model is not closed. Close it exactly once.
 */
public final class ModelLease implements AutoCloseable {

  private final TorchScriptModel model;
  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();

  private final boolean loaded;

  ModelLease(TorchScriptModel model, Runnable release, boolean loaded) {
    this.model = model;
    this.release = release;
    this.loaded = loaded;
  }

  /** True when taking this lease loaded the model; false when it was already in the cache. */
  public boolean loadedModel() {
    return loaded;
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
