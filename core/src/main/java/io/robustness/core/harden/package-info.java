/**
 * Adversarial fine-tuning of a TorchScript classifier through DJL's PyTorch engine: FGSM mixed into
 * the loss (Goodfellow et al.), FGSM from a random start (Wong et al. 2020), or training on
 * examples crafted once. Pure logic on in-memory images; no Spark.
 */
package io.robustness.core.harden;
