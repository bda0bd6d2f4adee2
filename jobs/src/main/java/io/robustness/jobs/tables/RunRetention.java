package io.robustness.jobs.tables;

import io.robustness.jobs.compare.RunRef;
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

  /** Where the audit writes a run's report when report.uri is empty. */
  private static final String REPORTS = "reports";

  private static final String STAGING = "_staging";

  private final FileSystem fs;
  private final Path root;

  public RunRetention(SparkSession spark, String outputUri) {
    OutputRoot output = OutputRoot.open(spark, outputUri);
    this.fs = output.fs();
    this.root = output.root();
  }

  /** Deletes every trace of {@code run}; returns the paths removed. */
  public List<Path> delete(RunRef run, boolean dryRun) throws IOException {
    List<Path> targets = new ArrayList<>();
    for (String table : Tables.ALL) {
      targets.add(partition(table, run.runId()));
    }
    targets.add(new Path(new Path(root, STAGING), run.runId()));
    targets.add(new Path(new Path(root, REPORTS), run.runId() + ".html"));
    List<Path> removed = removeExisting(targets, dryRun);
    if (!dryRun) {
      for (String table : Tables.ALL) {
        deleteIfEmpty(new Path(root, table));
      }
      deleteIfEmpty(new Path(root, STAGING));
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
      Path folder = new Path(root, table);
      if (!fs.exists(folder)) {
        continue;
      }
      for (FileStatus partition :
          fs.listStatus(folder, p -> p.getName().startsWith(Tables.RUN_ID + "="))) {
        String runId = partition.getPath().getName().substring(Tables.RUN_ID.length() + 1);
        if (!known.contains(runId) && partition.getModificationTime() < cutoff.toEpochMilli()) {
          orphans.add(partition.getPath());
        }
      }
    }
    List<Path> removed = removeExisting(orphans, dryRun);
    if (!dryRun) {
      for (String table : Tables.DATA_TABLES) {
        deleteIfEmpty(new Path(root, table));
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

  private Path partition(String table, String runId) {
    return new Path(new Path(root, table), Tables.RUN_ID + "=" + runId);
  }

  /** As the committer does: a table with no run left is no folder, not an unreadable one. */
  private void deleteIfEmpty(Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir, p -> !p.getName().startsWith(".")).length == 0) {
      fs.delete(dir, true);
    }
  }
}
