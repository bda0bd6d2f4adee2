package io.robustness.core.attack;

import ai.djl.Device;

/**
 * How the adversarial copies of a batch go through the model: one forward per epsilon, or the
 * copies of several epsilons stacked into one larger forward. Stacking launches fewer, larger
 * kernels, which keeps a GPU busy; on CPU the larger tensors fall out of cache and it was slower
 * here (see docs/performance.md), so {@link #AUTO} stacks on GPUs only.
 */
public enum Stacking {
  PER_EPSILON,
  STACKED,
  AUTO;

  /** Whether to stack on {@code device}. */
  boolean stacks(Device device) {
    return this == STACKED || (this == AUTO && Device.Type.GPU.equals(device.getDeviceType()));
  }
}
