package io.robustness.jobs.dataset;

import io.robustness.jobs.config.DatasetSettings;
import java.util.Map;

/**
 * What every source is made from.
 *
 * @param hadoop robustness.hadoop, laid over the executors' Hadoop configuration when they read
 */
record SourceContext(
    DatasetSettings dataset, Classes classes, Targets targets, Map<String, String> hadoop) {}
