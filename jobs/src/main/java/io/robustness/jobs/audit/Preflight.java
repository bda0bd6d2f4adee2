package io.robustness.jobs.audit;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.DatasetLayout;
import io.robustness.jobs.config.SettingsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Everything checked before Spark starts: the class folders (listing them, which is also the work
 * list), and the model, by a dry run. All problems are reported together.
 */
public final class Preflight {

  private Preflight() {}

  /**
   * What the run will use; {@code listing} is null for manifests, which are read once Spark runs.
   */
  public record Checked(Listing listing, String modelSha256, boolean dryRunLoadedModel) {}

  /**
   * Checks the dataset and the model as far as the settings allow (settings from {@link
   * AuditSettings#collect} may be partly unreadable) and reports their problems together with the
   * settings' own.
   *
   * @throws SettingsException listing every problem found
   */
  public static Checked check(AuditSettings settings, Configuration hadoop, int intraOpThreads) {
    List<String> problems = new ArrayList<>(settings.problems());
    Listing listing = null;
    boolean canList =
        settings.datasetUri() != null
            && settings.classes() != null
            && !settings.extensions().isEmpty();
    if (settings.layout() == DatasetLayout.CLASS_FOLDERS && canList) {
      listing = listClassFolders(settings, hadoop, problems);
    }
    ModelDryRun.Result model = null;
    if (settings.modelUri() != null && settings.spec() != null) {
      // In local mode this JVM is also the executor: size the engine's threads before the dry run
      // starts it.
      IntraOpThreads.apply(intraOpThreads);
      model = ModelDryRun.check(settings.modelUri(), settings.spec(), hadoop);
      if (!model.ok()) {
        problems.add(model.problem());
      }
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return new Checked(
        listing, model == null ? null : model.sha256(), model != null && model.loadedModel());
  }

  private static Listing listClassFolders(
      AuditSettings settings, Configuration hadoop, List<String> problems) {
    try {
      Listing listing =
          ClassFolderListing.list(
              settings.datasetUri(),
              settings.classes(),
              settings.extensions(),
              settings.targeted() ? settings.targetClass() : -1,
              hadoop);
      problems.addAll(listing.problems());
      if (listing.problems().isEmpty() && listing.items().isEmpty()) {
        problems.add(
            "robustness.dataset.uri = "
                + settings.datasetUri()
                + " holds no images to score (skipped: "
                + listing.skipped()
                + "): check the path, the class folder names and robustness.dataset.extensions");
      }
      return listing;
    } catch (IOException e) {
      problems.add(
          "robustness.dataset.uri = "
              + settings.datasetUri()
              + " cannot be listed: "
              + e.getMessage());
      return null;
    }
  }
}
