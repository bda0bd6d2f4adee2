/**
 * Datasets beyond loose files: deterministic samples of any layout, WebDataset tar shards read as a
 * stream, and shard name patterns. Pure logic, no Spark.
 */
package io.robustness.core.dataset;
