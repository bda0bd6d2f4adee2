package io.robustness.jobs.dataset;

import io.robustness.jobs.config.DatasetSettings;
import java.util.Map;

/** The one place a layout (named in {@code DatasetLayout}) is mapped to its source. */
public final class DatasetSources {

  private DatasetSources() {}

  /**
   * @param hadoop robustness.hadoop, laid over the executors' Hadoop configuration when they read
   */
  public static DatasetSource of(
      DatasetSettings dataset, Classes classes, Targets targets, Map<String, String> hadoop) {
    return switch (dataset.layout()) {
      case CLASS_FOLDERS -> new ClassFoldersSource(dataset, classes, targets);
      case MANIFEST -> new ManifestSource(dataset, classes, targets);
      case PARQUET -> new ParquetSource(dataset, classes, targets, hadoop);
      case WEBDATASET -> new WebDatasetSource(dataset, classes, targets, hadoop);
    };
  }
}
