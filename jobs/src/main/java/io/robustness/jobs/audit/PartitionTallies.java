package io.robustness.jobs.audit;

import io.robustness.core.attack.AttackSpec;
import io.robustness.jobs.tables.ImageResult;
import java.io.Serializable;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's tallies made while the images are scored: each partition tallies its own results as its
 * task streams them and reports its {@link RunTally} through a Spark accumulator when it ends, so
 * that the driver needs no second pass over the scored rows.
 *
 * <p>Spark applies the updates of tasks that succeeded only, and applies a transformation's update
 * again when it computes a partition again (a lost block, a speculative copy): the driver keeps one
 * report per partition. A partition can also end up with none: its task scored it and stored its
 * rows, then failed later (writing its table rows), and the retry read the stored rows instead of
 * scoring. Those partitions are tallied from their stored rows.
 */
final class PartitionTallies implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PartitionTallies.class);

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
   * On the driver, once a job computed every partition of {@code results}: the whole run's tally,
   * from the partitions' reports and, for any partition without one, from its stored rows.
   */
  RunTally merged(JavaRDD<ImageResult> results) {
    Map<Integer, RunTally> once = new LinkedHashMap<>();
    for (Report r : reports.value()) {
      once.putIfAbsent(r.partition(), r.tally());
    }
    RunTally run = start();
    once.values().forEach(run::merge);
    Set<Integer> missing =
        IntStream.range(0, results.getNumPartitions())
            .filter(p -> !once.containsKey(p))
            .boxed()
            .collect(Collectors.toCollection(HashSet::new));
    if (!missing.isEmpty()) {
      LOG.info(
          "{} of {} partitions sent no tally (a task retried after its rows were stored):"
              + " tallying them from their stored rows",
          missing.size(),
          results.getNumPartitions());
      results
          .mapPartitionsWithIndex(
              (partition, rows) ->
                  missing.contains(partition)
                      ? List.of(tallyOf(rows)).iterator()
                      : Collections.<RunTally>emptyIterator(),
              false)
          .collect()
          .forEach(run::merge);
    }
    return run;
  }

  private RunTally tallyOf(Iterator<ImageResult> rows) {
    RunTally tally = start();
    rows.forEachRemaining(tally::add);
    return tally;
  }
}
