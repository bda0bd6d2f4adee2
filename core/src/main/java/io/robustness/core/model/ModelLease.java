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
  private final long loadNumber;

  ModelLease(TorchScriptModel model, Runnable release, boolean loaded, long loadNumber) {
    this.model = model;
    this.release = release;
    this.loaded = loaded;
    this.loadNumber = loadNumber;
  }

  /**
   * Which load of this JVM's cache produced the model (1 for the first, and so on): leases on the
   * same loaded copy share it, so reports of the same load can be told apart from a second load.
   */
  public long loadNumber() {
    return loadNumber;
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
