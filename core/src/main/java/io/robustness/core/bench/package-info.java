/**
 * The core throughput benchmark: FGSM image-epsilons per second of the gradient-once path against
 * the bare model compute on preloaded tensors. A command, not a test.
 */
package io.robustness.core.bench;
