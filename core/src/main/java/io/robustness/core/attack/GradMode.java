package io.robustness.core.attack;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording on for the current thread and restores the previous state on
 * close. Grad mode is thread-local in libtorch (and off on the thread that started the engine),
 * which is what lets several threads take input gradients at once without DJL's one-per-JVM {@code
 * GradientCollector}.
 */
final class GradMode implements AutoCloseable {

  private final boolean previous;

  private GradMode() {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  static GradMode enable() {
    return new GradMode();
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
