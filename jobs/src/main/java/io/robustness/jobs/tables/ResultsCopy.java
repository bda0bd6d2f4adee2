package io.robustness.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Copies the committed runs of one output into another, in either format (Parquet folders to an
 * Iceberg catalog or back): a team that switches formats keeps its history. Only succeeded runs are
 * copied (audits by their {@code runs} row, hardenings by their newest attempt); a run the target
 * already holds as succeeded is left as it is, so copying again copies only what is new. Each table
 * gets one write holding every copied run (Iceberg: one commit replacing those runs' partitions;
 * Parquet: a dynamic overwrite of their partition folders, which leaves other runs' folders alone),
 * and {@code runs} is written last: a run appears in the target's {@code runs} only once all its
 * rows are there, and a copy cut short is finished by running it again.
 */
public final class ResultsCopy {

  /** What a copy did: the runs copied, those left because the target had them, rows per table. */
  public record Copied(List<String> runs, List<String> alreadyThere, Map<String, Long> rows) {}

  private ResultsCopy() {}

  public static Copied copy(SparkSession spark, TableReader from, TableReader to) {
    Set<String> wanted = succeeded(from);
    Set<String> present = to.exists() ? succeeded(to) : Set.of();
    List<String> alreadyThere = wanted.stream().filter(present::contains).toList();
    List<String> runs = wanted.stream().filter(r -> !present.contains(r)).toList();
    Map<String, Long> rows = new LinkedHashMap<>();
    if (runs.isEmpty()) {
      return new Copied(runs, alreadyThere, rows);
    }
    List<String> order = new ArrayList<>(Tables.ALL);
    order.remove(Tables.RUNS);
    order.add(Tables.RUNS);
    for (String table : order) {
      Dataset<Row> frame = from.read(table).where(col(Tables.RUN_ID).isin(runs.toArray())).cache();
      try {
        long count = frame.count();
        if (count == 0) {
          continue;
        }
        if (table.equals(Tables.RUNS)) {
          // Snapshot ids name the source's Iceberg snapshots: meaningless in the target.
          frame =
              frame.withColumn(
                  Columns.TABLE_SNAPSHOTS,
                  lit(null).cast(TableSchemas.RUNS.apply(Columns.TABLE_SNAPSHOTS).dataType()));
        }
        write(to, table, frame);
        rows.put(table, count);
      } finally {
        frame.unpersist();
      }
    }
    return new Copied(runs, alreadyThere, rows);
  }

  /** Audits whose runs row says succeeded, and hardenings whose newest attempt succeeded. */
  private static Set<String> succeeded(TableReader tables) {
    Set<String> out = new TreeSet<>();
    for (RunRef r : tables.runs()) {
      if (RunRecord.SUCCEEDED.equals(r.status())) {
        out.add(r.runId());
      }
    }
    for (RunRef r : tables.runsKnownByAttemptsOnly()) {
      if (AttemptRecord.SUCCEEDED.equals(r.status())) {
        out.add(r.runId());
      }
    }
    return out;
  }

  private static void write(TableReader to, String table, Dataset<Row> frame) {
    StructType schema = TableSchemas.withRunId(table);
    Dataset<Row> rows = frame.select(columns(schema));
    IcebergCatalog iceberg = to.iceberg();
    if (iceberg != null) {
      iceberg.replaceRuns(table, rows);
      return;
    }
    rows.write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(Tables.RUN_ID)
        .parquet(to.output().table(table).toString());
  }

  private static org.apache.spark.sql.Column[] columns(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames())
        .map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }
}
