/**
 * The Spark-free heart of the robustness evaluator: images in, FGSM scores and mergeable curve
 * tallies out.
 *
 * <p>{@code image} decodes and preprocesses, {@code model} loads and caches TorchScript models,
 * {@code attack} runs FGSM over a batch, {@code metrics} accumulates per-epsilon curves. Nothing
 * here knows about Spark or Hadoop.
 */
package io.robustness.core;
