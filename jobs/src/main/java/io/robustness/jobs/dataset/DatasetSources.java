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
    SourceContext context = new SourceContext(dataset, classes, targets, hadoop);
    return switch (dataset.layout()) {
      case CLASS_FOLDERS -> new ClassFoldersSource(context);
      case MANIFEST -> new ManifestSource(context);
      case PARQUET -> new ParquetSource(context);
      case WEBDATASET -> new WebDatasetSource(context);
    };
  }
}
