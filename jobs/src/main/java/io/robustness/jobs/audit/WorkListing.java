package io.robustness.jobs.audit;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.DatasetLayout;
import io.robustness.jobs.config.SettingsException;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The run's work list: the class folders listed before Spark started, or the manifest's rows. */
final class WorkListing {

  private WorkListing() {}

  static Listing of(SparkSession spark, AuditSettings settings, Preflight.Checked checked) {
    if (settings.dataset().layout() == DatasetLayout.CLASS_FOLDERS) {
      return checked.listing();
    }
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
}
