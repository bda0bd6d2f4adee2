package io.robustness.jobs.tables;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Retention for Iceberg tables, under each run's lease as for Parquet: a run's rows are deleted
 * from every table ({@code runs} first, so the run leaves every listing at once) by one Iceberg
 * commit per table; rows of runs that {@code runs} no longer names (an interrupted retain) go the
 * same way; then snapshots older than the cutoff are expired (the newest is always kept) and files
 * no snapshot references any more are removed.
 */
public final class IcebergRetention {

  /**
   * Files younger than this are never taken for orphans: a writer may have written them and not
   * committed yet (Iceberg's own default).
   */
  static final Duration ORPHAN_MIN_AGE = Duration.ofDays(3);

  private final SparkSession spark;
  private final IcebergCatalog catalog;
  private final RunRetention files;

  /** What maintenance did: snapshots expired and unreferenced files removed, over all tables. */
  public record Maintenance(int expiredSnapshots, int removedFiles) {}

  IcebergRetention(SparkSession spark, IcebergCatalog catalog, RunRetention files) {
    this.spark = spark;
    this.catalog = catalog;
    this.files = files;
  }

  /**
   * Deletes the run's rows (tables named {@code <table> run_id=<id>}), its staging and report; or
   * lists them when {@code dryRun}.
   */
  RunRetention.Outcome delete(String runId, boolean dryRun) throws IOException {
    if (dryRun) {
      return files.isLive(runId)
          ? new RunRetention.Outcome(true, List.of())
          : new RunRetention.Outcome(false, holding(runId));
    }
    try (RunLease lease = files.claim(runId)) {
      if (lease == null) {
        return new RunRetention.Outcome(true, List.of());
      }
      List<String> removed = new ArrayList<>();
      for (String table : holdingTables(runId)) {
        lease.checkOwned("deleting run " + runId + " from " + table);
        catalog
            .table(table)
            .newDelete()
            .deleteFromRowFilter(Expressions.equal(Tables.RUN_ID, runId))
            .commit();
        removed.add(catalog.ident(table) + " run_id=" + runId);
      }
      removed.addAll(files.deleteFiles(runId, lease));
      return new RunRetention.Outcome(false, removed);
    }
  }

  /** Rows of runs no {@code runs} row names ({@code known}) and no live attempt holds. */
  List<String> deleteOrphans(Collection<String> known, boolean dryRun) throws IOException {
    Set<String> orphans = new TreeSet<>();
    for (String table : Tables.RETAINED) {
      if (catalog.exists(table)) {
        orphans.addAll(runIds(table));
      }
    }
    orphans.removeAll(Set.copyOf(known));
    List<String> removed = new ArrayList<>();
    for (String runId : orphans) {
      RunRetention.Outcome outcome = delete(runId, dryRun);
      if (!outcome.kept()) {
        removed.addAll(outcome.paths());
      }
    }
    return removed;
  }

  /**
   * Expires snapshots older than {@code cutoff} and removes files nothing references that are older
   * than both the cutoff and {@link #ORPHAN_MIN_AGE} by the wall clock (not by a retain's {@code
   * --as-of}: a writer's uncommitted files are young by the clock).
   */
  Maintenance maintain(Instant cutoff) {
    int expired = 0;
    int removedFiles = 0;
    long orphansBefore =
        Math.min(cutoff.toEpochMilli(), Instant.now().minus(ORPHAN_MIN_AGE).toEpochMilli());
    for (String table : Tables.RETAINED) {
      if (!catalog.exists(table)) {
        continue;
      }
      Table t = catalog.table(table);
      int before = count(t.snapshots());
      t.expireSnapshots().expireOlderThan(cutoff.toEpochMilli()).retainLast(1).commit();
      t.refresh();
      expired += before - count(t.snapshots());
      // Iceberg's action compares every file with every snapshot's manifests (a few Spark jobs per
      // table); a table with no file old enough to be an orphan cannot have one.
      if (hasFileOlderThan(t.location(), orphansBefore)) {
        removedFiles +=
            count(
                SparkActions.get(spark)
                    .deleteOrphanFiles(t)
                    .olderThan(orphansBefore)
                    .execute()
                    .orphanFileLocations());
      }
    }
    return new Maintenance(expired, removedFiles);
  }

  private boolean hasFileOlderThan(String location, long millis) {
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(location);
      org.apache.hadoop.fs.FileSystem fs =
          root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      var files = fs.listFiles(root, true);
      while (files.hasNext()) {
        if (files.next().getModificationTime() < millis) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + location, e);
    }
  }

  private List<String> holding(String runId) {
    List<String> out = new ArrayList<>();
    for (String table : holdingTables(runId)) {
      out.add(catalog.ident(table) + " run_id=" + runId);
    }
    return out;
  }

  /** The tables holding rows of the run, {@code runs} first. */
  private List<String> holdingTables(String runId) {
    List<String> out = new ArrayList<>();
    for (String table : Tables.RETAINED) {
      if (catalog.exists(table)
          && !catalog
              .read(table)
              .where(functions.col(Tables.RUN_ID).equalTo(runId))
              .limit(1)
              .isEmpty()) {
        out.add(table);
      }
    }
    return out;
  }

  private List<String> runIds(String table) {
    List<String> out = new ArrayList<>();
    for (Row r : catalog.read(table).select(Tables.RUN_ID).distinct().collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  private static int count(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }
}
