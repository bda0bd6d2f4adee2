package io.robustness.jobs.tables;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Deletes whole runs from every table of an output root (the hardening's {@code training} and the
 * {@code attempts} included) under the run's own lease, so that no attempt writes the run while it
 * goes, and a run whose lease is live is kept. The {@code runs} row goes first, so the run leaves
 * every listing at once; then its other partitions, staging leftovers, default report. A crash
 * midway leaves partitions with no {@code runs} row, which the next retain removes as orphans.
 */
public final class RunRetention {

  private final SparkSession spark;
  private final String outputUri;
  private final OutputRoot output;
  private final FileSystem fs;
  private final Duration staleAfter;

  /** The Iceberg side when the tables are Iceberg tables, or null. */
  private final IcebergRetention iceberg;

  /**
   * What became of a run retention meant to delete.
   *
   * @param paths what was (or would be) removed: paths, and for Iceberg tables {@code <table>
   *     run_id=<id>}
   */
  public record Outcome(boolean kept, List<String> paths) {}

  public RunRetention(SparkSession spark, String outputUri, Duration staleAfter) {
    this(spark, outputUri, staleAfter, null);
  }

  /** The retention of the tables {@code tables} reads, in their format. */
  public RunRetention(SparkSession spark, TableReader tables, Duration staleAfter) {
    this(spark, tables.output().root().toString(), staleAfter, tables.iceberg());
  }

  private RunRetention(
      SparkSession spark, String outputUri, Duration staleAfter, IcebergCatalog catalog) {
    this.spark = spark;
    this.outputUri = outputUri;
    this.output = OutputRoot.open(spark, outputUri);
    this.fs = output.fs();
    this.staleAfter = staleAfter;
    this.iceberg = catalog == null ? null : new IcebergRetention(spark, catalog, this);
  }

  /**
   * Deletes every trace of {@code runId}, or lists it when {@code dryRun}; keeps it (and says so)
   * when a live attempt holds its lease.
   */
  public Outcome delete(String runId, boolean dryRun) throws IOException {
    if (iceberg != null) {
      return iceberg.delete(runId, dryRun);
    }
    if (dryRun) {
      return isLive(runId)
          ? new Outcome(true, List.of())
          : new Outcome(false, existing(targets(runId)));
    }
    try (RunLease lease = claim(runId)) {
      if (lease == null) {
        return new Outcome(true, List.of());
      }
      List<String> removed = delete(targets(runId), lease);
      cleanUpEmptyFolders();
      return new Outcome(false, removed);
    }
  }

  /** Removes the run's files outside the tables (staging, the default report) under its lease. */
  List<String> deleteFiles(String runId, RunLease lease) throws IOException {
    List<String> removed =
        delete(List.of(output.staging(runId), output.defaultReport(runId)), lease);
    output.deleteIfEmpty(output.stagingRoot());
    output.deleteIfEmpty(new Path(output.root(), Tables.REPORTS));
    return removed;
  }

  private List<String> delete(List<Path> targets, RunLease lease) throws IOException {
    List<String> removed = new ArrayList<>();
    for (Path target : targets) {
      lease.checkOwned("deleting " + target);
      if (fs.exists(target)) {
        if (!fs.delete(target, true)) {
          throw new IOException("could not delete " + target);
        }
        removed.add(target.toString());
      }
    }
    return removed;
  }

  /**
   * With Iceberg tables: expires snapshots older than {@code cutoff} and removes the files no
   * snapshot references; null with Parquet, whose deletes free the space themselves.
   */
  public IcebergRetention.Maintenance maintain(Instant cutoff) {
    return iceberg == null ? null : iceberg.maintain(cutoff);
  }

  boolean isLive(String runId) throws IOException {
    return RunLease.isLive(output, runId, staleAfter, Instant.now());
  }

  /** The run's paths, its {@code runs} row first. */
  private List<Path> targets(String runId) {
    List<Path> out = new ArrayList<>();
    for (String table : Tables.RETAINED) {
      out.add(output.partition(table, runId));
    }
    out.add(output.staging(runId));
    out.add(output.defaultReport(runId));
    return out;
  }

  /**
   * Partitions whose run no table of runs names ({@code known}), whose newest file was written
   * before {@code cutoff} (file times: object stores give folders none), and which no live attempt
   * holds: what an interrupted retain left. A run whose dead attempt was mid-commit (its {@code
   * runs} row set aside) is rolled back first, and then is no orphan.
   *
   * @return the partitions deleted (or, when {@code dryRun}, that would be)
   */
  public List<String> deleteOrphans(Collection<String> known, Instant cutoff, boolean dryRun)
      throws IOException {
    if (iceberg != null) {
      // A run's runs row is written (running) before any of its rows: rows without one are an
      // interrupted retain's, whatever their age.
      return iceberg.deleteOrphans(known, dryRun);
    }
    Set<String> knownIds = Set.copyOf(known);
    Map<String, List<Path>> orphans = new TreeMap<>();
    for (String table : Tables.RETAINED) {
      for (FileStatus partition : output.partitions(table)) {
        String runId = OutputRoot.runIdOf(partition.getPath());
        if (!knownIds.contains(runId) && newestFile(partition.getPath()) < cutoff.toEpochMilli()) {
          orphans.computeIfAbsent(runId, id -> new ArrayList<>()).add(partition.getPath());
        }
      }
    }
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, List<Path>> run : orphans.entrySet()) {
      deleteOrphan(run.getKey(), run.getValue(), dryRun).forEach(p -> removed.add(p.toString()));
    }
    if (!dryRun) {
      cleanUpEmptyFolders();
    }
    return removed;
  }

  private List<Path> deleteOrphan(String runId, List<Path> partitions, boolean dryRun)
      throws IOException {
    if (dryRun) {
      return RunLease.isLive(output, runId, staleAfter, Instant.now()) ? List.of() : partitions;
    }
    try (RunLease lease = claim(runId)) {
      if (lease == null) {
        return List.of();
      }
      new RunCommitter(spark, outputUri, runId, lease.attempt())
          .guardedBy(lease)
          .recoverDeadAttempts();
      if (fs.exists(output.partition(Tables.RUNS, runId))) {
        return List.of();
      }
      List<Path> removed = new ArrayList<>();
      for (Path partition : partitions) {
        lease.checkOwned("deleting " + partition);
        if (fs.delete(partition, true)) {
          removed.add(partition);
        }
      }
      return removed;
    }
  }

  /** The lease of {@code runId} for this retention, or null when a live attempt holds it. */
  RunLease claim(String runId) throws IOException {
    try {
      return RunLease.acquire(hadoop(), outputUri, runId, staleAfter, false);
    } catch (RunLease.Refused live) {
      return null;
    }
  }

  /** The modification time of the newest file under {@code folder}; 0 when it holds none. */
  private long newestFile(Path folder) throws IOException {
    long newest = 0;
    for (FileStatus f : FileMoves.files(fs, folder)) {
      newest = Math.max(newest, f.getModificationTime());
    }
    return newest;
  }

  private List<String> existing(List<Path> targets) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path t : targets) {
      if (fs.exists(t)) {
        out.add(t.toString());
      }
    }
    return out;
  }

  private void cleanUpEmptyFolders() throws IOException {
    for (String table : Tables.RETAINED) {
      output.deleteIfEmpty(output.table(table));
    }
    output.deleteIfEmpty(output.stagingRoot());
    output.deleteIfEmpty(new Path(output.root(), Tables.REPORTS));
  }

  private Configuration hadoop() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
