/**
 * TorchScript models through DJL's PyTorch engine: the model spec (input shape, normalization,
 * class names), offline engine start-up, loading, a per-JVM cache of loaded models, and the choice
 * of device.
 *
 * <p>Reads models from local files only; fetching them from buckets is the job's concern.
 */
package io.robustness.core.model;
