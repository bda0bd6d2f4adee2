package io.robustness.jobs.tables;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Deletes whole runs from every table of an output root, in the order that keeps readers safe: the
 * {@code runs} row goes first, so the run leaves every listing (latest, previous, succeeded-run
 * queries) at once; then its data partitions, staging leftovers and default report. A crash midway
 * leaves data partitions with no {@code runs} row, which the next retain removes as orphans.
 */
public final class RunRetention {

  private final OutputRoot output;
  private final FileSystem fs;

  public RunRetention(SparkSession spark, String outputUri) {
    this.output = OutputRoot.open(spark, outputUri);
    this.fs = output.fs();
  }

  /**
   * True when a live attempt (its lease's heartbeat younger than {@code staleAfter}) is writing the
   * run: retention must not delete under it.
   */
  public boolean isBeingWritten(String runId, java.time.Duration staleAfter, java.time.Instant now)
      throws IOException {
    return RunLease.isLive(output, runId, staleAfter, now);
  }

  /** Deletes every trace of {@code run}; returns the paths removed. */
  public List<Path> delete(RunRef run, boolean dryRun) throws IOException {
    List<Path> targets = new ArrayList<>();
    for (String table : Tables.ALL) {
      targets.add(output.partition(table, run.runId()));
    }
    targets.add(output.staging(run.runId()));
    targets.add(output.defaultReport(run.runId()));
    List<Path> removed = removeExisting(targets, dryRun);
    if (!dryRun) {
      for (String table : Tables.ALL) {
        output.deleteIfEmpty(output.table(table));
      }
      output.deleteIfEmpty(output.stagingRoot());
    }
    return removed;
  }

  /**
   * Data partitions whose run has no {@code runs} row, last changed before {@code cutoff}: what an
   * interrupted retain left. The age test spares a run being committed right now, whose {@code
   * runs} row is rewritten (briefly absent) while its fresh partitions move in.
   */
  public List<Path> deleteOrphans(Collection<String> knownRunIds, Instant cutoff, boolean dryRun)
      throws IOException {
    Set<String> known = Set.copyOf(knownRunIds);
    List<Path> orphans = new ArrayList<>();
    for (String table : Tables.DATA_TABLES) {
      for (FileStatus partition : output.partitions(table)) {
        String runId = OutputRoot.runIdOf(partition.getPath());
        if (!known.contains(runId) && partition.getModificationTime() < cutoff.toEpochMilli()) {
          orphans.add(partition.getPath());
        }
      }
    }
    List<Path> removed = removeExisting(orphans, dryRun);
    if (!dryRun) {
      for (String table : Tables.DATA_TABLES) {
        output.deleteIfEmpty(output.table(table));
      }
    }
    return removed;
  }

  private List<Path> removeExisting(List<Path> targets, boolean dryRun) throws IOException {
    List<Path> removed = new ArrayList<>();
    for (Path target : targets) {
      if (fs.exists(target)) {
        if (!dryRun && !fs.delete(target, true)) {
          throw new IOException("could not delete " + target);
        }
        removed.add(target);
      }
    }
    return removed;
  }
}
