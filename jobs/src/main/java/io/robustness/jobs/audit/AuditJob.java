package io.robustness.jobs.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.when;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.jobs.CodeVersion;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.DatasetLayout;
import io.robustness.jobs.config.Secrets;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.report.ReportWriter;
import io.robustness.jobs.tables.CurveTables;
import io.robustness.jobs.tables.DerivedTables;
import io.robustness.jobs.tables.RunCommitter;
import io.robustness.jobs.tables.RunRecord;
import io.robustness.jobs.tables.Tables;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit: score every listed image at every epsilon on the executors, derive the result tables
 * and commit them as one run. Receives its SparkSession; never builds or stops one, and never sets
 * the master.
 *
 * <pre>{@code
 * AuditResult result = AuditJob.run(spark, AuditSettings.from(config));
 * }</pre>
 */
public final class AuditJob {

  private static final Logger LOG = LoggerFactory.getLogger(AuditJob.class);

  private final SparkSession spark;
  private final AuditSettings settings;
  private final RunCommitter committer;
  private final CollectionAccumulator<String> executorStats;

  private AuditJob(SparkSession spark, AuditSettings settings) {
    this.spark = spark;
    this.settings = settings;
    // Driver-side reads and Spark's own readers and writers take the session's Hadoop
    // configuration.
    HadoopConf.withOverrides(spark.sparkContext().hadoopConfiguration(), settings.hadoop());
    this.committer = new RunCommitter(spark, settings.outputUri(), settings.runId());
    this.executorStats = spark.sparkContext().collectionAccumulator("executor model loads");
  }

  /** Checks everything (with Spark's Hadoop configuration) and runs. */
  public static AuditResult run(SparkSession spark, AuditSettings settings) throws IOException {
    AuditJob job = new AuditJob(spark, settings);
    return job.run(
        Preflight.check(settings, spark.sparkContext().hadoopConfiguration(), job.threads()));
  }

  /** Runs with what {@link Preflight} established before Spark started. */
  public static AuditResult run(
      SparkSession spark, AuditSettings settings, Preflight.Checked checked) throws IOException {
    return new AuditJob(spark, settings).run(checked);
  }

  private int threads() {
    return IntraOpThreads.resolve(settings.intraOpThreads(), spark.sparkContext().conf());
  }

  private AuditResult run(Preflight.Checked checked) throws IOException {
    Listing listing = listing(checked);
    RunRecord record = initialRecord(checked, listing);
    committer.clearStaleStaging();
    committer.markRunningIfNew(record);
    Dataset<Row> images = null;
    if (checked.dryRunLoadedModel()) {
      executorStats.add(ExecutorStats.entry(ExecutorStats.DRIVER, true));
    }
    try {
      ScoringPlan plan = plan(checked.modelSha256());
      images = score(listing, plan);
      CurveAccumulator curves = stageTables(images, plan);
      record = withOutcomeCounts(record, images);
      RunRecord succeeded = record.withStatus(RunRecord.SUCCEEDED, Instant.now(), null);
      describe("committing");
      committer.commit(succeeded);
      LOG.info(
          "run {} committed under {}",
          settings.runId(),
          Secrets.stripUserInfo(committer.root().toString()));
      ReportOutcome report = writeReport();
      return new AuditResult(
          succeeded,
          curves.overall(),
          Secrets.stripUserInfo(committer.root().toString()),
          listing.skipped(),
          report.uri(),
          report.problem());
    } catch (Exception e) {
      // Exception, not just the declared ones: Spark throws SparkException, a checked exception,
      // undeclared.
      committer.fail(record.withStatus(RunRecord.FAILED, Instant.now(), failureMessage(e)));
      throw e;
    } finally {
      if (images != null) {
        images.unpersist();
      }
      spark.sparkContext().clearJobGroup();
    }
  }

  private Listing listing(Preflight.Checked checked) {
    if (settings.layout() == DatasetLayout.CLASS_FOLDERS) {
      return checked.listing();
    }
    Listing manifest =
        ManifestListing.read(
            spark,
            settings.manifestUri(),
            settings.datasetUri(),
            settings.spec(),
            settings.targetClass(),
            settings.targeted());
    if (!manifest.problems().isEmpty()) {
      throw new SettingsException(manifest.problems());
    }
    if (manifest.items().isEmpty()) {
      throw new SettingsException(
          List.of("manifest " + settings.manifestUri() + " lists no images"));
    }
    return manifest;
  }

  /** Where the report went, or why it did not; both null when reports are off. */
  private record ReportOutcome(String uri, String problem) {}

  /**
   * Writes the report of the committed run; a failure here does not fail the run, whose tables are
   * complete.
   */
  private ReportOutcome writeReport() {
    if (!settings.reportEnabled()) {
      return new ReportOutcome(null, null);
    }
    describe("writing the report");
    try {
      String location =
          ReportWriter.write(spark, settings.outputUri(), settings.runId(), settings.reportUri());
      return new ReportOutcome(Secrets.stripUserInfo(location), null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("run {} succeeded but its report could not be written", settings.runId(), e);
      return new ReportOutcome(null, Secrets.stripUserInfo(String.valueOf(e.getMessage())));
    }
  }

  private ScoringPlan plan(String modelSha256) {
    return new ScoringPlan(
        settings.modelUri(),
        modelSha256,
        settings.spec(),
        settings.epsilons(),
        mode(),
        settings.batchSize(),
        settings.maxPixels(),
        threads(),
        settings.hadoop());
  }

  private Dataset<Row> score(Listing listing, ScoringPlan plan) {
    int partitions = partitions(listing.items().size());
    LOG.info(
        "scoring {} images at {} epsilons in {} partitions",
        listing.items().size(),
        settings.epsilons().size(),
        partitions);
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(listing.items(), partitions)
            .mapPartitions(new PartitionScorer(plan, executorStats));
    return spark.createDataFrame(rows, ImageRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
  }

  private CurveAccumulator stageTables(Dataset<Row> images, ScoringPlan plan) throws IOException {
    List<String> classes = settings.spec().classes();
    describe("scoring images and writing samples");
    Dataset<Row> samples = DerivedTables.samples(images, classes);
    committer.stage(Tables.SAMPLES, samples);
    describe("writing flips and errors");
    Dataset<Row> flips = DerivedTables.flips(images, classes);
    committer.stage(Tables.FLIPS, flips);
    committer.stage(Tables.ERRORS, DerivedTables.errors(images).coalesce(1));
    describe("rendering example images");
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    committer.stage(
        Tables.EXAMPLES,
        new ExampleImages(spark, plan, hadoop).build(flips, samples, settings.reportExamples()));
    describe("merging curve tallies");
    CurveAccumulator curves = tally(images);
    committer.stage(Tables.CURVES, CurveTables.curves(spark, curves).coalesce(1));
    committer.stage(
        Tables.CLASS_CURVES, CurveTables.classCurves(spark, curves, classes).coalesce(1));
    committer.stage(
        Tables.CONFIDENCE_CURVES, CurveTables.confidenceCurves(spark, curves).coalesce(1));
    return curves;
  }

  private CurveAccumulator tally(Dataset<Row> images) {
    AttackMode mode = mode();
    List<Double> epsilons = settings.epsilons();
    return images
        .filter(ImageRows.isScored())
        .javaRDD()
        .aggregate(
            new CurveAccumulator(epsilons),
            (acc, row) -> {
              acc.add(ImageRows.outcome(row, mode));
              return acc;
            },
            CurveAccumulator::merge);
  }

  private RunRecord withOutcomeCounts(RunRecord record, Dataset<Row> images) {
    describe("counting outcomes");
    Row counts =
        images
            .agg(
                count(when(ImageRows.isScored(), true)),
                count(when(ImageRows.isFailed(), true)),
                countDistinct(col("executor_id")))
            .first();
    Map<String, Long> loads = ExecutorStats.modelLoads(executorStats.value());
    return record.withCounts(counts.getLong(0), counts.getLong(1), (int) counts.getLong(2), loads);
  }

  private RunRecord initialRecord(Preflight.Checked checked, Listing listing) {
    return new RunRecord(
        settings.runId(),
        RunRecord.RUNNING,
        settings.startedAt(),
        null,
        Secrets.stripUserInfo(settings.modelUri()),
        checked.modelSha256(),
        Secrets.stripUserInfo(settings.datasetUri()),
        listing.items().size() + listing.skippedTotal(),
        0,
        0,
        listing.skippedTotal(),
        settings.epsilons(),
        attackName(),
        settings.configJson(),
        spark.sparkContext().master(),
        0,
        Map.of(),
        CodeVersion.current(),
        null);
  }

  private int partitions(int items) {
    int wanted =
        settings.partitions() > 0
            ? settings.partitions()
            : spark.sparkContext().defaultParallelism();
    return Math.max(1, Math.min(wanted, items));
  }

  private AttackMode mode() {
    return settings.targeted() ? AttackMode.TARGETED : AttackMode.UNTARGETED;
  }

  private String attackName() {
    return settings.targeted() ? "fgsm-targeted" : "fgsm";
  }

  private void describe(String step) {
    spark
        .sparkContext()
        .setJobGroup("audit-" + settings.runId(), "audit " + settings.runId() + ": " + step, false);
  }

  private static String failureMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Secrets.stripUserInfo(
        e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + (root != e
                ? " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")"
                : ""));
  }
}
