package io.robustness.jobs.audit;

import io.robustness.jobs.config.DatasetLayout;
import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.Keys;
import io.robustness.jobs.config.ModelSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.config.SettingsReading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything checked before Spark starts: the class folders (listing them, which is also the work
 * list), and the model, by a dry run. Their problems are reported together with the settings' own.
 */
public final class Preflight {

  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

  private Preflight() {}

  /**
   * What the run will use; {@code listing} is null for manifests, which are read once Spark runs.
   */
  public record Checked(Listing listing, String modelSha256, boolean dryRunLoadedModel) {}

  /**
   * Checks the dataset and the model as far as their sections are valid.
   *
   * @throws SettingsException listing every problem found
   */
  public static Checked check(SettingsReading reading, Configuration hadoop, int intraOpThreads) {
    List<String> problems = new ArrayList<>(reading.problems());
    Listing listing = null;
    if (reading.dataset().isPresent()
        && reading.dataset().get().layout() == DatasetLayout.CLASS_FOLDERS
        && reading.classes().isPresent()) {
      int target = reading.attack().filter(a -> a.targeted()).map(a -> a.targetClass()).orElse(-1);
      long start = System.nanoTime();
      listing =
          listClassFolders(
              reading.dataset().get(), reading.classes().get(), target, hadoop, problems);
      LOG.info(
          "listed {} images in {} ms",
          listing == null ? 0 : listing.items().size(),
          (System.nanoTime() - start) / 1_000_000);
    }
    ModelDryRun.Result model = null;
    if (reading.model().isPresent()) {
      // In local mode this JVM is also the executor: size the engine's threads before the dry run
      // starts it.
      IntraOpThreads.apply(intraOpThreads);
      ModelSettings settings = reading.model().get();
      long start = System.nanoTime();
      model = ModelDryRun.check(settings.uri(), settings.spec(), hadoop);
      LOG.info("dry run of the model in {} ms", (System.nanoTime() - start) / 1_000_000);
      if (!model.ok()) {
        problems.add(model.problem());
      }
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return new Checked(listing, model.sha256(), model.loadedModel());
  }

  private static Listing listClassFolders(
      DatasetSettings dataset,
      List<String> classes,
      int target,
      Configuration hadoop,
      List<String> problems) {
    try {
      Listing listing =
          ClassFolderListing.list(dataset.uri(), classes, dataset.extensions(), target, hadoop);
      problems.addAll(listing.problems());
      if (listing.problems().isEmpty() && listing.items().isEmpty()) {
        problems.add(
            Keys.DATASET_URI
                + " = "
                + dataset.uri()
                + " holds no images to score (skipped: "
                + listing.skipped()
                + "): check the path, the class folder names and "
                + Keys.DATASET_EXTENSIONS);
      }
      return listing;
    } catch (IOException e) {
      problems.add(
          Keys.DATASET_URI + " = " + dataset.uri() + " cannot be listed: " + e.getMessage());
      return null;
    }
  }
}
