package io.robustness.jobs.tables;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a run so that readers see whole runs only: every table is first written under {@code
 * <output>/_staging/<run_id>/<attempt>/}, then moved into {@code
 * <output>/<table>/run_id=<run_id>/}, and the {@code runs} row says {@code succeeded} only after
 * the last move.
 *
 * <p>Crash safety: while tables are staged, nothing the readers see changes (a new run shows as
 * {@code running}). At commit the run's {@code runs} row first turns {@code running}, then each
 * table's partition is replaced (one rename each, atomic on HDFS and local disks), then the row
 * turns {@code succeeded}. A crash at any point leaves the old run or, from the first commit step
 * on, a run that is not {@code succeeded}; a query over succeeded runs never sees a mix. A failed
 * run gets status {@code failed} and its data partitions are removed.
 */
public final class RunCommitter {

  private final SparkSession spark;
  private final OutputRoot output;
  private final FileSystem fs;
  private final String runId;
  private final Path staging;
  private int runRowWrites;
  private Checkpoint checkpoint = step -> {};
  private Guard guard = step -> {};

  /** Called after every step that changes files; tests use it to simulate a crash at each point. */
  interface Checkpoint {
    void reached(String step);
  }

  public RunCommitter(SparkSession spark, String outputUri, String runId) {
    this.spark = spark;
    this.runId = runId;
    this.output = OutputRoot.open(spark, outputUri);
    this.fs = output.fs();
    this.staging = new Path(output.staging(runId), UUID.randomUUID().toString());
  }

  /** Asked before every step that changes the run's files; throws to stop the step. */
  interface Guard {
    void check(String step) throws IOException;
  }

  void onCheckpoint(Checkpoint checkpoint) {
    this.checkpoint = checkpoint;
  }

  /**
   * Makes every change to the run's files first check that {@code lease} is still this attempt's:
   * an attempt that was taken over stops before it changes anything.
   */
  public RunCommitter guardedBy(RunLease lease) {
    this.guard = lease::checkOwned;
    return this;
  }

  /** Removes what crashed attempts of this run id left in staging. */
  public void clearStaleStaging() throws IOException {
    guard.check("clearing stale staging");
    fs.delete(output.staging(runId), true);
  }

  /**
   * Records the run as running, unless an earlier attempt with this id already has a row (kept
   * until commit).
   */
  public void markRunningIfNew(RunRecord running) throws IOException {
    guard.check("recording the run as running");
    if (!fs.exists(finalDir(Tables.RUNS))) {
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
    guard.check("staging " + table);
    frame.write().mode(SaveMode.ErrorIfExists).parquet(stagedDir(table).toString());
    checkpoint.reached("staged " + table);
  }

  /** Moves every staged table into place and marks the run succeeded. */
  public void commit(RunRecord succeeded) throws IOException {
    writeRunRow(succeeded.withStatus(RunRecord.RUNNING, null, null));
    for (String table : Tables.DATA_TABLES) {
      replace(stagedDir(table), finalDir(table));
    }
    writeRunRow(succeeded);
    clearStaging();
    checkpoint.reached("cleared staging");
  }

  /** Marks the run failed and removes whatever it had in the data tables. */
  public void fail(RunRecord failed) throws IOException {
    guard.check("recording the failure");
    for (String table : Tables.DATA_TABLES) {
      fs.delete(finalDir(table), true);
      output.deleteIfEmpty(output.table(table));
    }
    writeRunRow(failed);
    clearStaging();
  }

  private void clearStaging() throws IOException {
    fs.delete(output.staging(runId), true);
    output.deleteIfEmpty(output.stagingRoot());
  }

  /** Where a table's partition of this run lives once committed. */
  public Path finalDir(String table) {
    return output.partition(table, runId);
  }

  public Path root() {
    return output.root();
  }

  private void writeRunRow(RunRecord record) throws IOException {
    Path staged = stagedDir(Tables.RUNS + "-" + (++runRowWrites));
    RunsTable.frame(spark, record)
        .coalesce(1)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(staged.toString());
    replace(staged, finalDir(Tables.RUNS));
  }

  private Path stagedDir(String table) {
    return new Path(staging, table);
  }

  private void replace(Path staged, Path target) throws IOException {
    guard.check("replacing " + target.getParent().getName());
    fs.delete(target, true);
    checkpoint.reached("deleted " + target.getParent().getName());
    fs.mkdirs(target.getParent());
    if (!fs.rename(staged, target)) {
      throw new IOException("could not move " + staged + " to " + target);
    }
    checkpoint.reached("moved " + staged.getName() + " to " + target.getParent().getName());
  }
}
