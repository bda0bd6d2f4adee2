package io.robustness.jobs.dataset;

import io.robustness.core.dataset.ClassCaps;
import io.robustness.core.dataset.SampleRule;
import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.runtime.HadoopConf;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.TaskCompletionListener;

/**
 * WebDataset shards: the driver lists the shards (never their samples); each shard is one Spark
 * partition, streamed by {@link ShardItems} on an executor. A per-class cap first reads the shards'
 * {@code .cls} members in a pass of its own.
 */
record WebDatasetSource(SourceContext context) implements DatasetSource {

  @Override
  public Work open(SparkSession spark) throws IOException {
    DatasetSettings dataset = context.dataset();
    // Locals, not fields: the closures shipped to executors must not capture this source.
    int target = context.targets().fixed();
    Map<String, String> hadoop = context.hadoop();
    DataFiles listing = ShardListing.of(dataset.uri(), spark.sparkContext().hadoopConfiguration());
    if (listing.problem() != null) {
      throw new SettingsException(List.of(listing.problem()));
    }
    List<String> shards = listing.files();
    String root = listing.root();
    Reading reading =
        new Reading(
            listing.root(),
            context.classes(),
            target,
            hadoop,
            ImageReader.byteLimit(dataset.maxPixels()));
    JavaRDD<String> shardRdd =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(shards, shards.size());
    SampleRule rule = dataset.sample();
    ClassCaps.Thresholds thresholds =
        rule.capsClasses()
            ? shardRdd
                .mapPartitions(p -> reading.items(p, null, true))
                .filter(i -> i.problem() == null)
                .aggregate(
                    new ClassCaps(rule),
                    (caps, i) -> caps.offer(i.label(), SampleIds.relative(root, i.path())),
                    ClassCaps::merge)
                .thresholds()
            : rule.keepsEverything() ? null : ClassCaps.Thresholds.uncapped(rule);
    JavaRDD<WorkItem> items = shardRdd.mapPartitions(p -> reading.items(p, thresholds, false));
    if (dataset.partitions() <= 0) {
      return new Work(
          items,
          -1,
          listing.skipped(),
          String.format(Locale.ROOT, "%,d shards, one partition each", shards.size()));
    }
    // Few, large shards: each is still read as one stream, then its samples are spread (a shuffle
    // of
    // the image bytes) over the partitions asked for.
    return new Work(
        items.repartition(dataset.partitions()),
        -1,
        listing.skipped(),
        String.format(
            Locale.ROOT,
            "%,d shards spread over %d partitions",
            shards.size(),
            dataset.partitions()));
  }

  /** What an executor needs to stream shards into work items. */
  private record Reading(
      String root, Classes classes, int target, Map<String, String> hadoop, long maxMemberBytes)
      implements Serializable {

    Iterator<WorkItem> items(
        Iterator<String> shards, ClassCaps.Thresholds sample, boolean labelsOnly) {
      Configuration conf = HadoopConf.onExecutor(hadoop);
      return new Iterator<>() {
        private ShardItems current;

        @Override
        public boolean hasNext() {
          while ((current == null || !current.hasNext()) && shards.hasNext()) {
            ShardItems opened =
                new ShardItems(
                    shards.next(), root, classes, target, sample, labelsOnly, conf, maxMemberBytes);
            // A task that fails or is killed midway still closes its shard.
            TaskContext.get()
                .addTaskCompletionListener((TaskCompletionListener) c -> opened.close());
            current = opened;
          }
          return current != null && current.hasNext();
        }

        @Override
        public WorkItem next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }
  }
}
