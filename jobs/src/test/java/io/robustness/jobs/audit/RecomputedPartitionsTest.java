package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.metrics.CurvePoint;
import io.robustness.core.model.ModelCache;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.SettingsReading;
import io.robustness.jobs.dataset.Work;
import io.robustness.jobs.tables.ImageResult;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scored results are persisted on disk; when Spark loses a block it computes the partition
 * again, and the tasks' accumulator reports come twice. The driver's counts and tallies must not.
 */
class RecomputedPartitionsTest {

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void imagesTimingsTalliesAndModelLoadsCountOnceWhenALostBlockIsRecomputed() throws Exception {
    Path images = SampleSubset.copy("mnist", 2, dir.resolve("images"));
    AuditSettings settings =
        Samples.settings(
            "mnist",
            dir.resolve("out"),
            "r",
            "robustness.dataset.uri=" + images,
            "robustness.dataset.partitions=2",
            "robustness.attack.epsilons=[0, 0.1]");
    Preflight.Checked checked =
        Preflight.check(
            SettingsReading.of(settings), spark.sparkContext().hadoopConfiguration(), 1);
    Work work = checked.dataset().open(spark);
    ScoringPlan plan =
        new ScoringPlan(
            settings.model().uri(),
            checked.modelSha256(),
            settings.model().spec(),
            settings.attackSpecs(),
            settings.attack().batchSize(),
            settings.dataset().maxPixels(),
            0,
            1,
            settings.hadoop(),
            List.of());
    CollectionAccumulator<String> stats = spark.sparkContext().collectionAccumulator("loads");
    CollectionAccumulator<String> times = spark.sparkContext().collectionAccumulator("times");
    PartitionTallies tallies =
        new PartitionTallies(
            spark.sparkContext(), plan.attacks(), settings.checks().saturatedProbability());
    long loadsBefore = ModelCache.shared().loads();

    JavaRDD<ImageResult> rows =
        work.items()
            .mapPartitions(new PartitionScorer(plan, stats, times, tallies))
            .persist(StorageLevel.DISK_ONLY());
    long first = rows.count();
    // A lost block, as when the executor holding it dies: the next action computes it again.
    SparkEnv.get().blockManager().removeRdd(rows.id());
    long second = rows.count();

    assertThat(first).isEqualTo(second).isEqualTo(20);
    Set<String> partitions =
        times.value().stream().map(e -> e.split("\\|")[0]).collect(Collectors.toSet());
    assertThat(times.value())
        .as("every partition reported twice, so the test saw a recomputation")
        .hasSize(2 * partitions.size());
    assertThat(ScoringTimes.summarize(times.value(), 0).images()).isEqualTo(20);
    RunTally tally = tallies.merged(rows);
    assertThat(tally.scored() + tally.failed()).isEqualTo(20);
    List<CurvePoint> curve = tally.curves().values().iterator().next().overall();
    assertThat(curve.get(0).images()).as("the curves' images").isEqualTo(tally.scored());

    // Partitions that sent no tally (a task retried after its rows were stored) are tallied from
    // their stored rows: here none of them did.
    PartitionTallies unreported =
        new PartitionTallies(
            spark.sparkContext(), plan.attacks(), settings.checks().saturatedProbability());
    RunTally fromRows = unreported.merged(rows);
    assertThat(fromRows.scored()).isEqualTo(tally.scored());
    assertThat(fromRows.failed()).isEqualTo(tally.failed());
    List<CurvePoint> again = fromRows.curves().values().iterator().next().overall();
    assertThat(again)
        .extracting(CurvePoint::images)
        .isEqualTo(curve.stream().map(CurvePoint::images).toList());
    assertThat(again)
        .extracting(CurvePoint::accuracy)
        .isEqualTo(curve.stream().map(CurvePoint::accuracy).toList());
    Map<String, Long> loads = ExecutorStats.modelLoads(stats.value());
    assertThat(loads.values().stream().mapToLong(Long::longValue).sum())
        .as("loads the cache really made")
        .isEqualTo(ModelCache.shared().loads() - loadsBefore);
    rows.unpersist();
  }
}
