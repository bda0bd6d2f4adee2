package io.robustness.core.attack;

import java.util.concurrent.CancellationException;

/**
 * Lets long work stop when its thread is interrupted, as Spark interrupts a task it kills (a
 * cancelled job, a stopping process). Native calls cannot be interrupted, so the attacks ask
 * between steps: a batch stops within one forward and backward pass, not after all its steps.
 */
public final class Cancellation {

  private Cancellation() {}

  /**
   * @throws CancellationException when the current thread was interrupted; the flag stays set, so
   *     the caller's own handling of the interrupt still sees it
   */
  public static void throwIfInterrupted(String during) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("interrupted during " + during);
    }
  }
}
