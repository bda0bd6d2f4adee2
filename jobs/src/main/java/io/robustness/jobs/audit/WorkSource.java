package io.robustness.jobs.audit;

import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.SettingsException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
    return of(
        spark,
        settings.dataset(),
        settings.model().spec(),
        settings.attack().targeted(),
        settings.attack().targetClass(),
        settings.hadoop(),
        checked.listing());
  }

  /**
   * @param targetClass the target of targeted attacks (or of none: -1)
   * @param classFolders the class folders when already listed (before Spark started), else null
   */
  static Work of(
      SparkSession spark,
      DatasetSettings dataset,
      ModelSpec spec,
      boolean targeted,
      int targetClass,
      Map<String, String> hadoop,
      Listing classFolders)
      throws IOException {
    int target = targeted ? targetClass : -1;
    int partitions =
        dataset.partitions() > 0 ? dataset.partitions() : spark.sparkContext().defaultParallelism();
    return switch (dataset.layout()) {
      case CLASS_FOLDERS ->
          ListedWork.of(
              spark,
              classFolders != null ? classFolders : classFolders(spark, dataset, spec),
              dataset.sample(),
              root(spark, dataset),
              partitions);
      case MANIFEST ->
          ListedWork.of(
              spark,
              manifest(spark, dataset, spec, targeted, targetClass),
              dataset.sample(),
              root(spark, dataset),
              partitions);
      case PARQUET -> ParquetWork.of(spark, dataset, spec, target, hadoop);
      case WEBDATASET -> WebDatasetWork.of(spark, dataset, spec, target, hadoop);
    };
  }

  private static Listing classFolders(SparkSession spark, DatasetSettings dataset, ModelSpec spec)
      throws IOException {
    Listing listing =
        ClassFolderListing.list(
            dataset.uri(),
            spec.classes(),
            dataset.extensions(),
            -1,
            spark.sparkContext().hadoopConfiguration());
    if (!listing.problems().isEmpty()) {
      throw new SettingsException(listing.problems());
    }
    return listing;
  }

  static Listing manifest(
      SparkSession spark,
      DatasetSettings dataset,
      ModelSpec spec,
      boolean targeted,
      int targetClass) {
    String manifestUri = dataset.manifestUri();
    Listing manifest =
        ManifestListing.read(spark, manifestUri, dataset.uri(), spec, targetClass, targeted);
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
