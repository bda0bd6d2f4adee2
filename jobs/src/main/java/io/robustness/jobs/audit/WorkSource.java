package io.robustness.jobs.audit;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.SettingsException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The run's work, sampled, for whichever layout the dataset has: the class folders listed before
 * Spark started, a manifest's rows, Parquet files or WebDataset shards.
 */
final class WorkSource {

  private WorkSource() {}

  static Work of(SparkSession spark, AuditSettings settings, Preflight.Checked checked)
      throws IOException {
    DatasetSettings dataset = settings.dataset();
    int target = settings.attack().targeted() ? settings.attack().targetClass() : -1;
    int partitions =
        dataset.partitions() > 0 ? dataset.partitions() : spark.sparkContext().defaultParallelism();
    return switch (dataset.layout()) {
      case CLASS_FOLDERS ->
          ListedWork.of(
              spark, checked.listing(), dataset.sample(), root(spark, dataset), partitions);
      case MANIFEST ->
          ListedWork.of(
              spark, manifest(spark, settings), dataset.sample(), root(spark, dataset), partitions);
      case PARQUET ->
          ParquetWork.of(spark, dataset, settings.model().spec(), target, settings.hadoop());
      case WEBDATASET -> WebDatasetWork.of(spark, settings, target);
    };
  }

  static Listing manifest(SparkSession spark, AuditSettings settings) {
    String manifestUri = settings.dataset().manifestUri();
    Listing manifest =
        ManifestListing.read(
            spark,
            manifestUri,
            settings.dataset().uri(),
            settings.model().spec(),
            settings.attack().targetClass(),
            settings.attack().targeted());
    if (!manifest.problems().isEmpty()) {
      throw new SettingsException(manifest.problems());
    }
    if (manifest.items().isEmpty()) {
      throw new SettingsException(List.of("manifest " + manifestUri + " lists no images"));
    }
    return manifest;
  }

  /** The dataset's root as its listed paths spell it, so sample ids are relative to it. */
  private static String root(SparkSession spark, DatasetSettings dataset) throws IOException {
    Path root = new Path(dataset.uri());
    return root.getFileSystem(spark.sparkContext().hadoopConfiguration())
        .makeQualified(root)
        .toString();
  }
}
