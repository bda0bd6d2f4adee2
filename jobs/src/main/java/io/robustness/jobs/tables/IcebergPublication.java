package io.robustness.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt's publication of a run into Iceberg tables: each table's run_id partition replaced by
 * one Iceberg commit (an overwrite by run_id, so an empty table of this run removes the old rows
 * too), every commit tagged with the attempt. Before each commit, the table's current snapshot is
 * journalled in the attempt's staging folder, so that what was published can be undone, by this
 * attempt when it fails or by the next one when it died: undoing writes the run's rows as they were
 * in that snapshot back, touching no other run's rows (another run may have committed meanwhile).
 */
final class IcebergPublication {

  private static final Logger LOG = LoggerFactory.getLogger(IcebergPublication.class);
  static final String JOURNAL = "_iceberg_published";
  private static final String NONE = "none";
  private static final String COMMITTED = "committed";

  private final SparkSession spark;
  private final IcebergCatalog catalog;
  private final FileSystem fs;
  private final String runId;
  private final String attempt;
  private final Path journal;
  private final Map<String, Long> snapshots = new LinkedHashMap<>();

  IcebergPublication(
      SparkSession spark,
      IcebergCatalog catalog,
      FileSystem fs,
      String runId,
      String attempt,
      Path attemptStaging) {
    this.spark = spark;
    this.catalog = catalog;
    this.fs = fs;
    this.runId = runId;
    this.attempt = attempt;
    this.journal = new Path(attemptStaging, JOURNAL);
  }

  /** Replaces the run's rows of {@code table} with {@code frame} (run_id added) in one commit. */
  void publish(String table, Dataset<Row> frame) throws IOException {
    catalog.ensure(table);
    Snapshot before = catalog.table(table).currentSnapshot();
    record(table, before == null ? null : before.snapshotId());
    catalog.overwriteRun(table, frame, runId, attempt);
    snapshots.put(table, catalog.snapshotBy(table, attempt));
  }

  /** Appends rows (run_id added) in one commit: for tables whose rows never replace each other. */
  void append(String table, Dataset<Row> frame) {
    catalog.append(table, frame.withColumn(Tables.RUN_ID, lit(runId)));
  }

  /** Marks the publication whole: from now on it stands, and undo changes nothing. */
  void markCommitted() throws IOException {
    record(COMMITTED, null);
  }

  /** True once {@link #markCommitted} was reached: the publication stands. */
  boolean isCommitted() throws IOException {
    return read().stream().anyMatch(e -> COMMITTED.equals(e[0]));
  }

  /** The snapshot each table got from this attempt so far. */
  Map<String, Long> snapshots() {
    return Map.copyOf(snapshots);
  }

  /**
   * Puts back, newest first, the run's rows of every table this attempt (or the dead attempt whose
   * staging this is) committed to; returns the tables restored.
   */
  List<String> undo() throws IOException {
    List<String> restored = new ArrayList<>();
    if (isCommitted()) {
      fs.delete(journal, false);
      return restored;
    }
    List<String[]> entries = read();
    for (int i = entries.size() - 1; i >= 0; i--) {
      String table = entries.get(i)[0];
      String previous = entries.get(i)[1];
      if (!catalog.exists(table) || catalog.snapshotBy(table, attempt) == null) {
        continue; // the commit never happened
      }
      Dataset<Row> before =
          NONE.equals(previous)
              ? spark.createDataFrame(List.of(), TableSchemas.of(table).asNullable())
              : spark
                  .sql("SELECT * FROM " + catalog.ident(table) + " VERSION AS OF " + previous)
                  .where(col(Tables.RUN_ID).equalTo(lit(runId)))
                  .drop(Tables.RUN_ID);
      // Tagged as an undo, not by this attempt: a second undo must not find it as a commit.
      catalog.overwriteRun(table, before, runId, attempt + "-undone");
      LOG.warn("run {}: {} put back as it was before attempt {}", runId, table, attempt);
      restored.add(table);
    }
    fs.delete(journal, false);
    return restored;
  }

  private void record(String table, Long previous) throws IOException {
    List<String[]> entries = read();
    entries.add(new String[] {table, previous == null ? NONE : String.valueOf(previous)});
    Path next = journal.suffix(".next");
    try (OutputStream out = fs.create(next, true)) {
      for (String[] e : entries) {
        out.write((e[0] + " " + e[1] + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    fs.delete(journal, false);
    if (!fs.rename(next, journal)) {
      throw new IOException("cannot write the Iceberg journal " + journal);
    }
  }

  private List<String[]> read() throws IOException {
    List<String[]> out = new ArrayList<>();
    if (!fs.exists(journal)) {
      return out;
    }
    try (FSDataInputStream in = fs.open(journal);
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(line.strip().split(" ", 2));
        }
      }
    }
    return out;
  }
}
