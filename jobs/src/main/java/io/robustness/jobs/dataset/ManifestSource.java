package io.robustness.jobs.dataset;

import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.SettingsException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * A CSV or Parquet manifest of {@code path,label[,target]} rows, read with Spark once it runs; the
 * driver holds the rows, as it does a class-folder listing.
 */
record ManifestSource(SourceContext context) implements DatasetSource {

  @Override
  public Work open(SparkSession spark) throws IOException {
    return ListedWork.of(spark, rows(spark), context.dataset());
  }

  @Override
  public Optional<Listing> files(SparkSession spark) {
    return Optional.of(rows(spark));
  }

  private Listing rows(SparkSession spark) {
    DatasetSettings dataset = context.dataset();
    String manifestUri = dataset.manifestUri();
    Targets targets = context.targets();
    Listing manifest =
        ManifestListing.read(
            spark,
            manifestUri,
            dataset.uri(),
            context.classes(),
            targets.targetClass(),
            targets.targeted());
    if (!manifest.problems().isEmpty()) {
      throw new SettingsException(manifest.problems());
    }
    if (manifest.items().isEmpty()) {
      throw new SettingsException(List.of("manifest " + manifestUri + " lists no images"));
    }
    return manifest;
  }
}
