package io.robustness.jobs.tables;

import io.robustness.jobs.store.RetryingFileSystem;
import io.robustness.jobs.store.StoreRetry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one attempt at a run so that readers see whole runs only and no failure loses what an
 * earlier attempt committed. Tables are first written under {@code
 * <output>/_staging/<run_id>/<attempt>/}; the commit then moves the run's committed partitions (its
 * {@code runs} row first, which hides the run from queries over succeeded runs) aside into that
 * folder, moves the staged ones into {@code <output>/<table>/run_id=<run_id>/}, and the new {@code
 * runs} row last, every move journalled ({@link CommitJournal}).
 *
 * <p>A failure before the commit changes nothing committed. A failure during it undoes the moves
 * made so far, so the run is exactly as the last successful commit left it; a crash during it
 * leaves a journal that the next attempt (after taking the lease over) or {@code retain} rolls back
 * before anything else. A new run that fails is recorded as {@code failed} in {@code runs}; a rerun
 * that fails leaves the committed run's row as it was. Every attempt, however it ends, gets a row
 * in {@code attempts}. Each attempt removes only its own staging folder; those of dead attempts are
 * removed by the next owner after their rollback.
 */
public final class RunCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommitter.class);
  private static final String PREVIOUS = "_previous";

  /** Tries of a Spark write into staging that fails on a passing store failure. */
  static final int SPARK_WRITE_TRIES = 3;

  private final SparkSession spark;
  private final OutputRoot output;
  private final FileSystem fs;
  private final String runId;
  private final String attempt;
  private final Path staging;
  private final List<String> stagedTables = new ArrayList<>();
  private final List<CommitJournal.Move> stagedFiles = new ArrayList<>();
  private String committedStatus;
  private int runRowWrites;
  private CommitJournal.Checkpoint checkpoint = step -> {};

  /** Where the tables are published when they are Iceberg tables; null: Parquet folders. */
  private IcebergCatalog iceberg;

  /** Asked before every change: is the run still this attempt's. */
  private CommitJournal.Guard guard = step -> {};

  /** Asked before every step forward (not the clean-up of a failure): may the attempt go on. */
  private CommitJournal.Guard forward = step -> {};

  /** An attempt with a fresh id, guarded by nothing: for tests of the protocol. */
  public RunCommitter(SparkSession spark, String outputUri, String runId) {
    this(spark, outputUri, runId, UUID.randomUUID().toString());
  }

  public RunCommitter(SparkSession spark, String outputUri, String runId, String attempt) {
    this.spark = spark;
    this.runId = runId;
    this.attempt = attempt;
    this.output = OutputRoot.open(spark, outputUri);
    this.fs = output.fs();
    this.staging = new Path(output.staging(runId), attempt);
  }

  /** The attempt holding {@code lease}: every change first checks the lease is still its own. */
  public static RunCommitter of(
      SparkSession spark, String outputUri, String runId, RunLease lease) {
    return new RunCommitter(spark, outputUri, runId, lease.attempt()).guardedBy(lease);
  }

  void onCheckpoint(CommitJournal.Checkpoint checkpoint) {
    this.checkpoint = checkpoint;
  }

  /**
   * Makes every change to the run's files first check that {@code lease} is still this attempt's:
   * an attempt that was taken over stops before it changes anything.
   */
  public RunCommitter guardedBy(RunLease lease) {
    CommitJournal.Guard before = guard;
    this.guard =
        step -> {
          before.check(step);
          lease.checkOwned(step);
        };
    return this;
  }

  /**
   * Publishes the run into Iceberg tables instead of moving Parquet folders: the staging, lease and
   * failure protocol stay the same; the commit is one Iceberg commit per table, runs last.
   */
  public RunCommitter publishingTo(IcebergCatalog catalog) {
    this.iceberg = catalog;
    return this;
  }

  /**
   * Makes every step forward (staging, committing) first check that the process was not asked to
   * stop; undoing and recording a failure go on regardless.
   */
  public RunCommitter stoppedBy(AttemptStop stop) {
    this.forward = stop::check;
    return this;
  }

  /** Checks the lease and, for steps forward, the stop. */
  private void forward(String step) throws IOException {
    forward.check(step);
    guard.check(step);
  }

  /**
   * Rolls back the unfinished commit of any other attempt of this run (one that died mid-commit)
   * and removes what such attempts left in staging. Call once the lease is held.
   *
   * @return the attempts whose commit was rolled back
   */
  public List<String> recoverDeadAttempts() throws IOException {
    forward("recovering what dead attempts left");
    List<String> rolledBack = new ArrayList<>();
    FileStatus[] attempts;
    try {
      attempts = fs.listStatus(output.staging(runId));
    } catch (java.io.FileNotFoundException e) {
      return rolledBack;
    }
    for (FileStatus dead : attempts) {
      if (!dead.isDirectory() || dead.getPath().getName().equals(attempt)) {
        continue;
      }
      if (undoUnfinished(dead.getPath().getName(), dead.getPath())) {
        LOG.warn(
            "run {}: rolled back the unfinished commit of dead attempt {}",
            runId,
            dead.getPath().getName());
        rolledBack.add(dead.getPath().getName());
      }
      StagedFiles.removeAll(fs, dead.getPath(), hadoop());
      fs.delete(dead.getPath(), true);
    }
    cleanUpEmptyFolders();
    return rolledBack;
  }

  /**
   * Records the run as running when it has no {@code runs} row yet; otherwise remembers the row's
   * status, which a failure of this attempt leaves alone when it is {@code succeeded}.
   */
  public void markRunningIfNew(RunRecord running) throws IOException {
    forward("recording the run as running");
    if (iceberg != null) {
      committedStatus = iceberg.runStatus(runId);
      if (committedStatus == null) {
        writeRunRow(running);
      }
      return;
    }
    Path runs = finalDir(Tables.RUNS);
    if (fs.exists(runs)) {
      Row row =
          StoreRetry.call(
              "reading the runs row",
              SPARK_WRITE_TRIES,
              () -> spark.read().schema(TableSchemas.RUNS).parquet(runs.toString()).first());
      committedStatus = row.getAs(Columns.STATUS);
    } else {
      writeRunRow(running);
    }
  }

  /**
   * Writes one table into this attempt's staging area.
   *
   * @throws IllegalArgumentException when the frame's columns are not the table's, in name, order
   *     and type ({@link TableSchemas}): a writer that drifted from the schema fails the run before
   *     anything is committed
   */
  public void stage(String table, Dataset<Row> frame) throws IOException {
    TableSchemas.check(table, frame.schema());
    forward("staging " + table);
    Path dir = stagedDir(table);
    // A store failure Spark did not get past (a job commit's renames, a task's last try) leaves
    // the staged folder half written: cleared and written again.
    StoreRetry.call(
        "staging " + table,
        SPARK_WRITE_TRIES,
        () -> {
          fs.delete(dir, true);
          frame.write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
          return null;
        });
    stagedTables.add(table);
    checkpoint.reached("staged " + table);
  }

  /** Stages a table from Parquet files already written (tests of the protocol: no Spark job). */
  void stagePrepared(String table, Path files) throws IOException {
    forward("staging " + table);
    org.apache.hadoop.fs.FileUtil.copy(fs, files, fs, stagedDir(table), false, hadoop());
    stagedTables.add(table);
    checkpoint.reached("staged " + table);
  }

  /**
   * Where to write a file that the commit puts at {@code target} (a file outside the tables, such
   * as a hardened model), on the target's own file system so that the move is a rename.
   */
  public Path stageFile(Path target) throws IOException {
    forward("staging " + target.getName());
    CommitJournal.Move move = StagedFiles.register(fs, staging, target, attempt, hadoop());
    stagedFiles.add(move);
    return move.src();
  }

  /**
   * Moves every staged table (and staged file) into place, then the {@code runs} row (when {@code
   * succeeded} is not null) and this attempt's {@code attempts} row.
   */
  public void commit(RunRecord succeeded, AttemptRecord attemptRow) throws IOException {
    forward("committing");
    if (iceberg != null) {
      publish(succeeded, attemptRow);
      return;
    }
    if (succeeded != null) {
      stageRunRow(Tables.RUNS, succeeded);
    }
    Path attemptFile = AttemptsTable.stage(spark, fs, stagedDir(Tables.ATTEMPTS), attemptRow);
    List<CommitJournal.Move> moves = new ArrayList<>();
    if (succeeded != null) {
      aside(Tables.RUNS, moves);
    }
    for (String table : stagedTables) {
      aside(table, moves);
      moves.add(new CommitJournal.Move(stagedDir(table), finalDir(table)));
    }
    moves.addAll(fileMoves());
    if (succeeded != null) {
      moves.add(new CommitJournal.Move(stagedDir(Tables.RUNS), finalDir(Tables.RUNS)));
    }
    moves.add(new CommitJournal.Move(attemptFile, AttemptsTable.target(output, runId, attempt)));
    journal(staging).commit(moves, this::forward, checkpoint);
    try {
      clearStaging();
      checkpoint.reached("cleared staging");
    } catch (IOException e) {
      // Committed: what is left is this attempt's staging, which the next attempt removes.
      LOG.warn("run {}: committed, but its staging was not removed: {}", runId, e.getMessage());
    }
  }

  /**
   * Each staged file into place, the file it replaces kept aside (as {@code .previous}) until the
   * commit ends, so that an undo can put it back.
   */
  private List<CommitJournal.Move> fileMoves() throws IOException {
    List<CommitJournal.Move> moves = new ArrayList<>();
    for (CommitJournal.Move file : stagedFiles) {
      Path previous = StagedFiles.previous(file.dst(), attempt);
      if (RetryingFileSystem.of(file.dst().getFileSystem(hadoop())).exists(file.dst())) {
        moves.add(new CommitJournal.Move(file.dst(), previous));
      }
      moves.add(file);
    }
    return moves;
  }

  /**
   * The Iceberg commit: every staged table, then the runs row naming each table's snapshot, then
   * the files staged outside the tables (a hardened model), journalled but left open, then the
   * publication's committed mark, which is the commit point of tables and files alike: until it is
   * written, a failure or the next attempt undoes both; once it is, both stand.
   */
  private void publish(RunRecord succeeded, AttemptRecord attemptRow) throws IOException {
    IcebergPublication publication = publication(attempt, staging);
    for (String table : stagedTables) {
      forward("publishing " + table);
      publication.publish(table, readStaged(table));
      checkpoint.reached("published " + table);
    }
    if (succeeded != null) {
      forward("publishing runs");
      publication.publish(Tables.RUNS, RunsTable.frame(spark, succeeded, publication.snapshots()));
      checkpoint.reached("published runs");
    }
    List<CommitJournal.Move> files = fileMoves();
    if (!files.isEmpty()) {
      journal(staging).moveLeavingOpen(files, this::forward, checkpoint);
    }
    forward("marking the publication committed");
    publication.markCommitted();
    checkpoint.reached("marked committed");
    recordAttempt(attemptRow);
    try {
      clearStaging();
    } catch (IOException e) {
      LOG.warn("run {}: committed, but its staging was not removed: {}", runId, e.getMessage());
    }
  }

  private Dataset<Row> readStaged(String table) {
    return spark.read().schema(TableSchemas.of(table)).parquet(stagedDir(table).toString());
  }

  private IcebergPublication publication(String attemptId, Path attemptStaging) {
    return new IcebergPublication(spark, iceberg, fs, runId, attemptId, attemptStaging);
  }

  /** Moves the committed partition of {@code table}, if any, aside into this attempt's staging. */
  private void aside(String table, List<CommitJournal.Move> moves) throws IOException {
    if (fs.exists(finalDir(table))) {
      moves.add(
          new CommitJournal.Move(finalDir(table), new Path(new Path(staging, PREVIOUS), table)));
    }
  }

  /**
   * Undoes whatever of the commit this attempt made, records the failure (in {@code runs} only when
   * the run has no succeeded row) and this attempt's {@code attempts} row, and removes its staging.
   *
   * @param failed the run's row as failed, or null when the attempt writes no {@code runs} row
   * @throws RunLease.TakenOver when another attempt holds the run: nothing is changed
   * @throws IOException when the commit cannot be undone: the journal stays for the next attempt
   */
  public void fail(RunRecord failed, AttemptRecord attemptRow) throws IOException {
    guard.check("recording the failure");
    if (iceberg != null) {
      if (publication(attempt, staging).isCommitted()) {
        LOG.warn("run {}: failed after its Iceberg commit, which stands", runId);
        return;
      }
      if (undoUnfinished(attempt, staging)) {
        LOG.warn("run {}: undid this attempt's unfinished Iceberg publication", runId);
      }
      if (failed != null && !RunRecord.SUCCEEDED.equals(committedStatus)) {
        writeRunRow(failed);
      }
      recordAttempt(attemptRow);
      clearStaging();
      return;
    }
    CommitJournal journal = journal(staging);
    if (journal.state() == CommitJournal.State.COMMITTED) {
      LOG.warn("run {}: failed after its commit, which stands", runId);
      return;
    }
    if (journal.rollBack(guard, checkpoint)) {
      LOG.warn("run {}: rolled back this attempt's unfinished commit", runId);
    }
    cleanUpEmptyFolders();
    if (failed != null && !RunRecord.SUCCEEDED.equals(committedStatus)) {
      writeRunRow(failed);
    }
    recordAttempt(attemptRow);
    clearStaging();
  }

  /**
   * Undoes what an attempt's commit did before its commit point: with Iceberg, the files it moved
   * (newest first) and then the tables it published, unless its publication was marked committed,
   * when both stand; with Parquet folders, its journal's moves.
   *
   * @return true when there was something to undo
   */
  private boolean undoUnfinished(String attemptId, Path attemptStaging) throws IOException {
    if (iceberg == null) {
      return journal(attemptStaging).rollBack(guard, checkpoint);
    }
    IcebergPublication publication = publication(attemptId, attemptStaging);
    if (publication.isCommitted()) {
      return false;
    }
    guard.check("undoing what attempt " + attemptId + " published");
    boolean files = journal(attemptStaging).rollBack(guard, checkpoint);
    return !publication.undo().isEmpty() | files;
  }

  /** Records attempts that ended without writing their own row (dead ones this one took over). */
  public void recordAttempts(List<AttemptRecord> rows) throws IOException {
    for (AttemptRecord row : rows) {
      recordAttempt(row);
    }
  }

  private void recordAttempt(AttemptRecord row) throws IOException {
    guard.check("recording attempt " + row.attempt());
    if (iceberg != null) {
      publication(attempt, staging).append(Tables.ATTEMPTS, AttemptsTable.frame(spark, row));
      return;
    }
    Path file =
        AttemptsTable.stage(spark, fs, stagedDir(Tables.ATTEMPTS + "-" + row.attempt()), row);
    FileMoves.move(fs, file, AttemptsTable.target(output, runId, row.attempt()));
  }

  private void clearStaging() throws IOException {
    StagedFiles.removeAll(fs, staging, hadoop());
    fs.delete(staging, true);
    cleanUpEmptyFolders();
  }

  private void cleanUpEmptyFolders() throws IOException {
    output.deleteIfEmpty(output.staging(runId));
    output.deleteIfEmpty(output.stagingRoot());
    for (String table : Tables.RETAINED) {
      output.deleteIfEmpty(output.table(table));
    }
  }

  /** Where a table's partition of this run lives once committed. */
  public Path finalDir(String table) {
    return output.partition(table, runId);
  }

  public Path root() {
    return output.root();
  }

  /** Where the run's rows of {@code table} go, for messages. */
  public String describe(String table) {
    return iceberg != null
        ? iceberg.ident(table) + " (" + Tables.RUN_ID + " = '" + runId + "')"
        : finalDir(table).toString();
  }

  /** Where the run's tables go, for messages. */
  public String describe() {
    return iceberg != null ? iceberg.describe() : output.root().toString();
  }

  /** Replaces the run's {@code runs} row outright: only while it holds no succeeded run. */
  private void writeRunRow(RunRecord record) throws IOException {
    if (iceberg != null) {
      guard.check("writing the runs row");
      // Not journalled: a running or failed row is what the run's row says before any commit.
      iceberg.overwriteRun(Tables.RUNS, RunsTable.frame(spark, record, null), runId, null);
      checkpoint.reached("wrote the runs row " + record.status());
      return;
    }
    String name = Tables.RUNS + "-" + (++runRowWrites);
    stageRunRow(name, record);
    guard.check("writing the runs row");
    fs.delete(finalDir(Tables.RUNS), true);
    FileMoves.move(fs, stagedDir(name), finalDir(Tables.RUNS));
    checkpoint.reached("wrote the runs row " + record.status());
  }

  private void stageRunRow(String name, RunRecord record) throws IOException {
    guard.check("staging the runs row");
    Path dir = stagedDir(name);
    StoreRetry.call(
        "staging the runs row",
        SPARK_WRITE_TRIES,
        () -> {
          fs.delete(dir, true);
          RunsTable.frame(spark, record)
              .coalesce(1)
              .write()
              .mode(SaveMode.ErrorIfExists)
              .parquet(dir.toString());
          return null;
        });
  }

  private Path stagedDir(String table) {
    return new Path(staging, table);
  }

  private CommitJournal journal(Path attemptStaging) {
    return new CommitJournal(fs, attemptStaging, hadoop());
  }

  private Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
