/**
 * Mergeable tallies of attack outcomes, per epsilon, per class and per clean-confidence bucket,
 * from which the accuracy and confidence curves are read. Merging is exactly associative and
 * commutative, so Spark may combine partitions in any order and get the same figures.
 */
package io.robustness.core.metrics;
