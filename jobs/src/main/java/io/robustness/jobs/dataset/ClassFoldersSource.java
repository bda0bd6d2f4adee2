package io.robustness.jobs.dataset;

import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.Keys;
import io.robustness.jobs.config.SettingsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <root>/<class-name>/<image>}: listed on the driver before Spark starts (the listing is the
 * work list, and a folder that is not a class stops the run before any work).
 */
final class ClassFoldersSource implements DatasetSource {

  private static final Logger LOG = LoggerFactory.getLogger(ClassFoldersSource.class);

  private final SourceContext context;
  private Listing listed;

  ClassFoldersSource(SourceContext context) {
    this.context = context;
  }

  @Override
  public void preflight(Configuration hadoop, List<String> problems) {
    try {
      long start = System.nanoTime();
      Listing listing = list(hadoop);
      LOG.info(
          "listed {} images in {} ms",
          listing.items().size(),
          (System.nanoTime() - start) / 1_000_000);
      problems.addAll(listing.problems());
      if (listing.problems().isEmpty()) {
        listed = listing;
      }
    } catch (IOException e) {
      problems.add(
          Keys.DATASET_URI
              + " = "
              + context.dataset().uri()
              + " cannot be listed: "
              + e.getMessage());
    }
  }

  @Override
  public Work open(SparkSession spark) throws IOException {
    return ListedWork.of(spark, listed != null ? listed : checked(spark), context.dataset());
  }

  @Override
  public Optional<Listing> files(SparkSession spark) throws IOException {
    return Optional.of(listed != null ? listed : checked(spark));
  }

  private Listing checked(SparkSession spark) throws IOException {
    Listing listing = list(spark.sparkContext().hadoopConfiguration());
    if (!listing.problems().isEmpty()) {
      throw new SettingsException(listing.problems());
    }
    return listing;
  }

  private Listing list(Configuration hadoop) throws IOException {
    DatasetSettings dataset = context.dataset();
    Listing listing =
        ClassFolderListing.list(
            dataset.uri(),
            context.classes().names(),
            dataset.extensions(),
            context.targets().fixed(),
            hadoop);
    if (!listing.problems().isEmpty() || !listing.items().isEmpty()) {
      return listing;
    }
    List<String> problems = new ArrayList<>();
    problems.add(
        Keys.DATASET_URI
            + " = "
            + dataset.uri()
            + " holds no images to score (skipped: "
            + listing.skipped()
            + "): check the path, the class folder names and "
            + Keys.DATASET_EXTENSIONS);
    return new Listing(List.of(), listing.skipped(), problems);
  }
}
