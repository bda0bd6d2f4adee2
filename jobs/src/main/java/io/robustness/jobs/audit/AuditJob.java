package io.robustness.jobs.audit;

import io.robustness.core.checks.AttackChecks;
import io.robustness.core.checks.CheckRow;
import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.core.metrics.CurvePoint;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.Keys;
import io.robustness.jobs.config.Secrets;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.config.SettingsReading;
import io.robustness.jobs.dataset.Work;
import io.robustness.jobs.output.OutputTables;
import io.robustness.jobs.report.FlipHistograms;
import io.robustness.jobs.report.ReportHistory;
import io.robustness.jobs.report.RunReportSource;
import io.robustness.jobs.runtime.HadoopConf;
import io.robustness.jobs.runtime.IntraOpThreads;
import io.robustness.jobs.runtime.ProcessMemory;
import io.robustness.jobs.tables.AttemptRecord;
import io.robustness.jobs.tables.AttemptStop;
import io.robustness.jobs.tables.CheckRows;
import io.robustness.jobs.tables.CurveTables;
import io.robustness.jobs.tables.DerivedTables;
import io.robustness.jobs.tables.ImageResult;
import io.robustness.jobs.tables.ImageRows;
import io.robustness.jobs.tables.RunCommitter;
import io.robustness.jobs.tables.RunLease;
import io.robustness.jobs.tables.RunRecord;
import io.robustness.jobs.tables.RunsTable;
import io.robustness.jobs.tables.SummaryRows;
import io.robustness.jobs.tables.TableRegistration;
import io.robustness.jobs.tables.Tables;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
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

  /** How long a failure waits for the failed job's tasks to end before it cleans up. */
  private static final java.time.Duration TASKS_END = java.time.Duration.ofSeconds(20);

  /** The command named in the {@code attempts} table. */
  private static final String COMMAND = "audit";

  private final SparkSession spark;
  private final AuditSettings settings;
  private final CollectionAccumulator<String> executorStats;
  private final CollectionAccumulator<String> scoringTimes;

  private AuditJob(SparkSession spark, AuditSettings settings) {
    this.spark = spark;
    this.settings = settings;
    // Driver-side reads and Spark's own readers and writers take the session's Hadoop
    // configuration.
    HadoopConf.withOverrides(spark.sparkContext().hadoopConfiguration(), settings.hadoop());
    this.executorStats = spark.sparkContext().collectionAccumulator("executor model loads");
    this.scoringTimes = spark.sparkContext().collectionAccumulator("partition scoring times");
  }

  /**
   * Checks everything (with Spark's Hadoop configuration), claims the run id and runs.
   *
   * @throws SettingsException when the settings, the data or the model are bad, or a live attempt
   *     holds the run id
   */
  public static AuditResult run(SparkSession spark, AuditSettings settings) throws IOException {
    AuditJob job = new AuditJob(spark, settings);
    Preflight.Checked checked =
        Preflight.check(
            SettingsReading.of(settings),
            spark.sparkContext().hadoopConfiguration(),
            job.threads());
    return run(spark, settings, checked);
  }

  /** Runs with what {@link Preflight} established before Spark started, claiming the run id. */
  public static AuditResult run(
      SparkSession spark, AuditSettings settings, Preflight.Checked checked) throws IOException {
    AttemptStop stop =
        AttemptStop.watch(settings.run().id(), settings.run().stopTimeout())
            .cancels(spark.sparkContext(), JobGroups.group(settings.run().id()));
    try (stop;
        RunLease lease = claim(spark.sparkContext().hadoopConfiguration(), settings, false)) {
      return run(spark, settings, checked, lease, stop);
    }
  }

  /**
   * Runs as the attempt that holds {@code lease}; {@code stop} says when the process is asked to
   * stop. Close the lease, then {@code stop}, when this returns or throws.
   */
  public static AuditResult run(
      SparkSession spark,
      AuditSettings settings,
      Preflight.Checked checked,
      RunLease lease,
      AttemptStop stop)
      throws IOException {
    return new AuditJob(spark, settings).run(checked, lease, stop);
  }

  /**
   * Claims the run id for this attempt.
   *
   * @throws SettingsException when a live attempt holds it, naming that attempt and what to do
   */
  public static RunLease claim(Configuration hadoop, AuditSettings settings, boolean takeover)
      throws IOException {
    try {
      RunLease lease =
          RunLease.acquire(
              HadoopConf.withOverrides(hadoop, settings.hadoop()),
              settings.output().uri(),
              settings.run().id(),
              settings.run().staleAfter(),
              takeover);
      if (lease.tookOver() != null) {
        LOG.warn("run {}: this attempt took over from {}", settings.run().id(), lease.tookOver());
      }
      return lease;
    } catch (RunLease.Refused e) {
      throw new SettingsException(List.of(e.getMessage()));
    }
  }

  private int threads() {
    return IntraOpThreads.resolve(settings.runtime().intraOpThreads(), spark.sparkContext().conf());
  }

  private AuditResult run(Preflight.Checked checked, RunLease lease, AttemptStop stop)
      throws IOException {
    RunCommitter committer =
        OutputTables.committer(spark, settings.output(), settings.run().id(), lease)
            .stoppedBy(stop);
    AttemptRecord attempt = AttemptRecord.of(lease, COMMAND);
    Work work = checked.dataset().open(spark);
    RunRecord record =
        RunRecords.initial(settings, checked, work, spark.sparkContext().master(), lease.attempt());
    committer.recoverDeadAttempts();
    committer.recordAttempts(lease.tookOverAttempts(COMMAND));
    committer.markRunningIfNew(record);
    JavaRDD<ImageResult> results = null;
    if (checked.dryRunLoadedModel()) {
      executorStats.add(ExecutorStats.dryRun());
    }
    try {
      ScoringPlan plan = plan(checked.modelSha256());
      PartitionTallies tallies =
          new PartitionTallies(
              spark.sparkContext(), plan.attacks(), settings.checks().saturatedProbability());
      results = score(work, plan, tallies);
      // The report's history is the output as the run starts scoring: read while it scores.
      ReportHistory history =
          settings.report().enabled()
              ? ReportHistory.readAsync(OutputTables.reader(spark, settings.output()))
              : null;
      Staged staged = stageTables(committer, results, plan, tallies);
      RunTally tally = staged.tally();
      List<CheckRow> checks =
          AttackChecks.evaluate(plan.attacks(), tally.checks(), overall(tally), settings.checks());
      Dataset<Row> checkRows = CheckRows.frame(spark, checks);
      committer.stage(Tables.CHECKS, checkRows.coalesce(1));
      checks.stream()
          .filter(CheckRow::failed)
          .forEach(
              c ->
                  LOG.warn(
                      "run {}: check {} failed for {}{}: {} > {}",
                      settings.run().id(),
                      c.check(),
                      c.attack(),
                      c.epsilon() == null ? "" : " at epsilon " + c.epsilon(),
                      c.value(),
                      c.threshold()));
      record =
          record.withCounts(
              tally.scored(),
              tally.failed(),
              tally.executors(),
              ExecutorStats.modelLoads(executorStats.value()));
      RunRecord succeeded = record.withStatus(RunRecord.SUCCEEDED, Instant.now(), null);
      describe("committing");
      committer.commit(
          succeeded, attempt.ended(AttemptRecord.SUCCEEDED, succeeded.finishedAt(), null));
      String root = Secrets.stripUserInfo(committer.describe());
      LOG.info("run {} committed under {}", settings.run().id(), root);
      register();
      ScoringTimes.Summary times =
          ScoringTimes.summarize(
              scoringTimes.value(), ManagementFactory.getRuntimeMXBean().getStartTime());
      // The instants let a reader (the benchmark, an operator) set the stage against the process's
      // own start and end and against executors' logs.
      LOG.info(
          "run {}: first scoring task {} s after the process started; scoring {} s for {} images,"
              + " from {} to {}",
          settings.run().id(),
          times.secondsToFirstScoring(),
          times.scoringSeconds(),
          times.images(),
          Instant.ofEpochMilli(times.firstScoringMillis()),
          Instant.ofEpochMilli(times.lastScoredMillis()));
      ReportStep.Outcome report =
          new ReportStep(spark, settings)
              .write(
                  history == null
                      ? null
                      : new RunReportSource(
                          settings.run().id(),
                          RunsTable.row(spark, succeeded),
                          history,
                          staged.curves().collectAsList(),
                          staged.confidenceCurves().collectAsList(),
                          staged.classCurves().collectAsList(),
                          checkRows.collectAsList(),
                          staged.examples().collectAsList(),
                          flipHistograms(tally),
                          tally.candidateTrajectories(),
                          root));
      return new AuditResult(
          succeeded,
          overall(tally),
          root,
          work.skipped(),
          report.uri(),
          report.problem(),
          checks,
          new AuditResult.Timings(
              times.secondsToFirstScoring(),
              times.scoringSeconds(),
              times.scoringSeconds() == 0
                  ? 0
                  : plan.epsilons().size()
                      * plan.attacks().size()
                      * succeeded.imagesScored()
                      / times.scoringSeconds(),
              ProcessMemory.peakResidentKb() / 1024,
              times.warmUp()));
    } catch (Exception e) {
      // Exception, not just the declared ones: Spark throws SparkException, a checked exception,
      // undeclared.
      if (e instanceof RunLease.TakenOver || lease.isLost()) {
        // Another attempt owns the run now: its files are not this attempt's to mark or remove.
        LOG.error("run {}: {}", settings.run().id(), e.getMessage());
        throw e;
      }
      recordFailure(committer, record, attempt, stop, e);
      throw e;
    } finally {
      if (results != null) {
        results.unpersist();
      }
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * Undoes any commit under way and records the failure; a failure to record is added to {@code
   * cause} rather than hiding it.
   */
  private void recordFailure(
      RunCommitter committer,
      RunRecord record,
      AttemptRecord attempt,
      AttemptStop stop,
      Exception cause) {
    boolean stopped = stop.stopping();
    String message =
        stopped
            ? "interrupted: the process was asked to stop (SIGINT or SIGTERM)"
            : RunRecords.failureMessage(cause);
    // The failed job's tasks may still be running: they would write into the staging removed next.
    RunningTasks.awaitNone(spark.sparkContext(), TASKS_END);
    JobGroups.cleanup(spark, settings.run().id());
    Instant now = Instant.now();
    try {
      committer.fail(
          record.withStatus(RunRecord.FAILED, now, message),
          attempt.ended(stopped ? AttemptRecord.INTERRUPTED : AttemptRecord.FAILED, now, message));
    } catch (Exception f) {
      LOG.error("run {}: the failure could not be recorded", settings.run().id(), f);
      cause.addSuppressed(f);
    }
  }

  private ScoringPlan plan(String modelSha256) {
    return new ScoringPlan(
        settings.model().uri(),
        modelSha256,
        settings.model().spec(),
        settings.attackSpecs(),
        settings.attack().batchSize(),
        settings.dataset().maxPixels(),
        settings.dataset().readConcurrency(),
        threads(),
        settings.hadoop(),
        settings.output().adversarialEpsilons());
  }

  /**
   * The scored images, kept on disk as the core typed them: each table's rows are made from them by
   * {@link ImageRows} as it is written.
   */
  private JavaRDD<ImageResult> score(Work work, ScoringPlan plan, PartitionTallies tallies) {
    LOG.info(
        "scoring {} at {} epsilons",
        work.description(),
        plan.epsilons().size() * plan.attacks().size());
    return work.items()
        .mapPartitions(new PartitionScorer(plan, executorStats, scoringTimes, tallies))
        .persist(StorageLevel.DISK_ONLY());
  }

  /**
   * The run's tally, which the partitions made while the first table's write scored them, and the
   * small tables' rows as staged, which the report shows.
   */
  private record Staged(
      RunTally tally,
      Dataset<Row> curves,
      Dataset<Row> classCurves,
      Dataset<Row> confidenceCurves,
      Dataset<Row> examples) {}

  /** Writes every data table into staging. */
  private Staged stageTables(
      RunCommitter committer,
      JavaRDD<ImageResult> results,
      ScoringPlan plan,
      PartitionTallies tallies)
      throws IOException {
    List<String> classes = plan.spec().classes();
    Dataset<Row> images =
        spark.createDataFrame(
            results.filter(ImageResult::perImage).map(ImageRows::of), ImageRows.schema());
    describe("scoring images and writing samples");
    committer.stage(Tables.SAMPLES, DerivedTables.samples(images, classes));
    describe("writing flips and errors");
    committer.stage(Tables.FLIPS, DerivedTables.flips(images, classes));
    RunTally tally = tallies.merged(results);
    // Each table derived from the stored results reads all of them back: a table the tally or the
    // plan says is empty is written without that pass (100,000 images: about 0.8 s each).
    committer.stage(
        Tables.ERRORS, withRowsIf(tally.failed() > 0, DerivedTables.errors(images).coalesce(1)));
    if (tally.scored() + tally.failed() == 0) {
      throw new IllegalStateException(
          "the dataset gave no images to score: "
              + settings.dataset().uri()
              + " holds none, or the sample ("
              + Keys.DATASET_SAMPLE_FRACTION
              + " = "
              + settings.dataset().sample().fraction()
              + ") kept none");
    }
    Map<String, CurveAccumulator> curves = tally.curves();
    Dataset<Row> curveRows = CurveTables.curves(spark, curves);
    Dataset<Row> classRows = CurveTables.classCurves(spark, curves, classes);
    Dataset<Row> confidenceRows = CurveTables.confidenceCurves(spark, curves);
    committer.stage(Tables.CURVES, curveRows.coalesce(1));
    committer.stage(Tables.CLASS_CURVES, classRows.coalesce(1));
    committer.stage(Tables.CONFIDENCE_CURVES, confidenceRows.coalesce(1));
    committer.stage(Tables.SUMMARIES, SummaryRows.frame(spark, Summaries.of(tally)).coalesce(1));
    describe("writing adversarial examples");
    committer.stage(
        Tables.ADVERSARIAL_EXAMPLES,
        withRowsIf(
            !plan.exportEpsilons().isEmpty(), DerivedTables.adversarialExamples(images, classes)));
    describe("rendering example images");
    Dataset<Row> exampleRows =
        new ExampleImages(spark, plan, spark.sparkContext().hadoopConfiguration())
            .build(tally.exampleCandidates(), settings.report().examples());
    committer.stage(Tables.EXAMPLES, exampleRows);
    return new Staged(tally, curveRows, classRows, confidenceRows, exampleRows);
  }

  /** {@code frame}, or when it can have no rows, the same columns without reading anything. */
  private static Dataset<Row> withRowsIf(boolean mayHaveRows, Dataset<Row> frame) {
    return mayHaveRows ? frame : frame.limit(0);
  }

  /** Each attack's flip histograms, as the report shows them. */
  private static Map<String, FlipHistograms> flipHistograms(RunTally tally) {
    Map<String, FlipHistograms> out = new LinkedHashMap<>();
    tally.flips().forEach((attack, counts) -> out.put(attack, counts.histograms()));
    return out;
  }

  /** Each attack's overall curve, in the order the attacks ran. */
  private static Map<String, List<CurvePoint>> overall(RunTally tally) {
    Map<String, List<CurvePoint>> out = new LinkedHashMap<>();
    tally.curves().forEach((attack, acc) -> out.put(attack, acc.overall()));
    return out;
  }

  /**
   * Adds the committed run to the session catalog's tables when {@code robustness.output.register}
   * says so; the run stands if that fails.
   */
  private void register() {
    String database = settings.output().registerDatabase();
    if (database == null) {
      return;
    }
    describe("registering the run's partitions in database " + database);
    try {
      TableRegistration.registerRun(spark, settings.output().uri(), database, settings.run().id());
      LOG.info("run {} registered in database {}", settings.run().id(), database);
    } catch (Exception e) { // AnalysisException too: checked, undeclared by Scala
      LOG.warn(
          "run {} is committed but could not be registered in database {}: {}",
          settings.run().id(),
          database,
          Secrets.stripUserInfo(String.valueOf(e.getMessage())));
    }
  }

  private void describe(String step) {
    JobGroups.describe(spark, settings.run().id(), step);
  }
}
