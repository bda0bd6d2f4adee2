/**
 * {@code robustness harden}: adversarial fine-tuning in one JVM (the core's trainer), with Spark
 * reading the training images through the audit's readers.
 */
package io.robustness.jobs.harden;
