package io.robustness.jobs.audit;

import ai.djl.Device;
import io.robustness.core.attack.Fgsm;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelLoadException;
import io.robustness.jobs.dataset.WorkItem;
import io.robustness.jobs.runtime.ExecutorEnvironment;
import io.robustness.jobs.runtime.HadoopConf;
import io.robustness.jobs.runtime.IntraOpThreads;
import io.robustness.jobs.runtime.LocalModelFiles;
import io.robustness.jobs.runtime.TaskDevices;
import io.robustness.jobs.tables.ImageResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one partition of images on an executor: takes this JVM's cached copy of the model (loading
 * it only the first time), then streams batches through {@link Fgsm}. Results are produced lazily,
 * a batch at a time, so a partition of any size needs memory for one batch only.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<WorkItem>, ImageResult> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PartitionScorer.class);

  private final ScoringPlan plan;
  private final CollectionAccumulator<String> executorStats;
  private final CollectionAccumulator<String> scoringTimes;
  private final PartitionTallies tallies;

  PartitionScorer(
      ScoringPlan plan,
      CollectionAccumulator<String> executorStats,
      CollectionAccumulator<String> scoringTimes,
      PartitionTallies tallies) {
    this.plan = plan;
    this.executorStats = executorStats;
    this.scoringTimes = scoringTimes;
    this.tallies = tallies;
  }

  @Override
  public Iterator<ImageResult> call(Iterator<WorkItem> items)
      throws IOException, ModelLoadException {
    long start = System.currentTimeMillis();
    IntraOpThreads.apply(plan.intraOpThreads());
    ExecutorEnvironment.warnOnce(LOG);
    Configuration hadoop = HadoopConf.onExecutor(plan.hadoop());
    Path modelFile = LocalModelFiles.fetch(plan.modelUri(), hadoop);
    Device device = TaskDevices.current();
    ModelLease lease = ModelCache.shared().acquire(modelFile, plan.spec(), device);
    TaskContext.get().addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
    String found = lease.model().sha256();
    if (!found.equals(plan.modelSha256())) {
      lease.close();
      throw new IllegalStateException(
          "model "
              + plan.modelUri()
              + " changed during the run (SHA-256 "
              + found
              + ", the driver checked "
              + plan.modelSha256()
              + "): rerun the audit");
    }
    String executorId = SparkEnv.get().executorId();
    executorStats.add(ExecutorStats.entry(executorId, lease.loadNumber(), lease.loadedModel()));
    int partition = TaskContext.get().partitionId();
    RunTally tally = tallies.start();
    ScoredIterator scored =
        new ScoredIterator(
            items,
            plan,
            lease,
            hadoop,
            executorId,
            tally,
            images -> {
              scoringTimes.add(
                  ScoringTimes.entry(
                      partition, executorId, start, System.currentTimeMillis(), images));
              tallies.report(partition, tally);
            });
    // A task that fails or is killed midway still stops its readers and frees the model.
    TaskContext.get().addTaskCompletionListener((TaskCompletionListener) context -> scored.close());
    return scored;
  }
}
