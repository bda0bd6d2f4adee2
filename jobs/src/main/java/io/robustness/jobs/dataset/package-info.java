/**
 * Where a run's images come from: one {@link io.robustness.jobs.dataset.DatasetSource} per layout
 * (class folders, manifests, Parquet, WebDataset shards), chosen by {@link
 * io.robustness.jobs.dataset.DatasetSources}, read the same way by the audit, hardening and {@code
 * convert}. Knows the settings, never the audit, the tables or the command line.
 */
package io.robustness.jobs.dataset;
