package io.robustness.core.attack;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording on for the current thread and restores the previous state on
 * close. Grad mode is thread-local in libtorch (and off on the thread that started the engine),
 * which is what lets several threads take input gradients at once without DJL's one-per-JVM {@code
 * GradientCollector}. Hardening turns it off around in-place parameter updates.
 */
public final class GradMode implements AutoCloseable {

  private final boolean previous;

  private GradMode(boolean on) {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(on);
  }

  /** Records the graph until closed. */
  public static GradMode enable() {
    return new GradMode(true);
  }

  /** Records nothing until closed: for in-place updates of parameters that require gradients. */
  public static GradMode disable() {
    return new GradMode(false);
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
