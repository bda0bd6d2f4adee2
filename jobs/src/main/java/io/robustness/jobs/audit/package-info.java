/**
 * The audit job: list the dataset, check everything before work starts, score partitions of images
 * through the core with one model per executor JVM, and hand per-image results to the table
 * writers.
 *
 * <p>Spark plumbing only; decoding, attacks and metrics live in {@code io.robustness.core}.
 */
package io.robustness.jobs.audit;
