package io.robustness.jobs.audit;

import io.robustness.core.attack.AttackSpec;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The run's tallies made while the images are scored: each partition tallies its own results as its
 * task streams them and reports its {@link RunTally} through a Spark accumulator when it ends, so
 * that the driver needs no second pass over the scored rows. Spark keeps the updates of tasks that
 * succeeded only, but applies a transformation's update again when it computes a partition again (a
 * lost block, a speculative copy): the driver keeps one report per partition.
 */
final class PartitionTallies implements Serializable {

  private static final long serialVersionUID = 1L;

  private record Report(int partition, RunTally tally) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final List<AttackSpec> attacks;
  private final double saturatedProbability;
  private final CollectionAccumulator<Report> reports;

  /**
   * @param saturatedProbability a clean top-class probability at or above this counts as saturated
   */
  PartitionTallies(SparkContext spark, List<AttackSpec> attacks, double saturatedProbability) {
    this.attacks = List.copyOf(attacks);
    this.saturatedProbability = saturatedProbability;
    this.reports = spark.collectionAccumulator("partition tallies");
  }

  /** An empty tally for one partition, on the executor. */
  RunTally start() {
    return new RunTally(attacks, saturatedProbability);
  }

  /** Sends a partition's finished tally to the driver. */
  void report(int partition, RunTally tally) {
    reports.add(new Report(partition, tally));
  }

  /**
   * On the driver, once a job computed every partition: the whole run's tally.
   *
   * @throws IllegalStateException when fewer than {@code partitions} partitions reported
   */
  RunTally merged(int partitions) {
    Map<Integer, RunTally> once = new LinkedHashMap<>();
    for (Report r : reports.value()) {
      once.putIfAbsent(r.partition(), r.tally());
    }
    if (once.size() != partitions) {
      throw new IllegalStateException(
          once.size() + " of " + partitions + " partitions reported their tallies");
    }
    RunTally run = start();
    once.values().forEach(run::merge);
    return run;
  }
}
