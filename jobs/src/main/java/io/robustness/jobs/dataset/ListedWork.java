package io.robustness.jobs.dataset;

import io.robustness.core.dataset.ClassCaps;
import io.robustness.core.dataset.SampleRule;
import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.Keys;
import io.robustness.jobs.config.SettingsException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Class folders and manifests: the driver holds the list, so the sample is drawn on the driver and
 * the chosen items are spread over the partitions.
 */
final class ListedWork {

  private ListedWork() {}

  /** The listing's items, sampled as {@code dataset} says, spread over its partitions. */
  static Work of(SparkSession spark, Listing listing, DatasetSettings dataset) throws IOException {
    SampleRule rule = dataset.sample();
    List<WorkItem> items = sample(listing.items(), rule, root(spark, dataset));
    if (items.isEmpty()) {
      throw new SettingsException(
          List.of(
              String.format(
                  Locale.ROOT,
                  "the sample keeps none of the %,d images (%s = %s, seed %d): raise the fraction",
                  listing.items().size(),
                  Keys.DATASET_SAMPLE_FRACTION,
                  rule.fraction(),
                  rule.seed())));
    }
    int slices = Math.max(1, Math.min(partitions(spark, dataset), items.size()));
    return new Work(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(items, slices),
        items.size(),
        listing.skipped(),
        String.format(Locale.ROOT, "%,d images in %d partitions", items.size(), slices));
  }

  /** The dataset's root as its listed paths spell it, so sample ids are relative to it. */
  private static String root(SparkSession spark, DatasetSettings dataset) throws IOException {
    Path root = new Path(dataset.uri());
    return root.getFileSystem(spark.sparkContext().hadoopConfiguration())
        .makeQualified(root)
        .toString();
  }

  /** The partitions the items are spread over: as set, or one per executor core. */
  private static int partitions(SparkSession spark, DatasetSettings dataset) {
    return dataset.partitions() > 0
        ? dataset.partitions()
        : spark.sparkContext().defaultParallelism();
  }

  static List<WorkItem> sample(List<WorkItem> items, SampleRule rule, String root) {
    if (rule.keepsEverything()) {
      return items;
    }
    ClassCaps.Thresholds thresholds;
    if (rule.capsClasses()) {
      ClassCaps caps = new ClassCaps(rule);
      items.forEach(i -> caps.offer(i.label(), SampleIds.relative(root, i.path())));
      thresholds = caps.thresholds();
    } else {
      thresholds = ClassCaps.Thresholds.uncapped(rule);
    }
    return items.stream()
        .filter(i -> thresholds.keeps(i.label(), SampleIds.relative(root, i.path())))
        .toList();
  }
}
