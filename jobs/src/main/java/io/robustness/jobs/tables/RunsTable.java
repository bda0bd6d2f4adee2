package io.robustness.jobs.tables;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The {@code runs} row of a run (run_id comes from the partition folder). */
public final class RunsTable {

  private RunsTable() {}

  /** The run's row with Spark's types, as reading the table back gives it (but for run_id). */
  public static Row row(SparkSession spark, RunRecord r) {
    return frame(spark, r).collectAsList().get(0);
  }

  static Dataset<Row> frame(SparkSession spark, RunRecord r) {
    return frame(spark, r, null);
  }

  /**
   * @param snapshots each Iceberg table's snapshot holding the run, or null (Parquet)
   */
  static Dataset<Row> frame(SparkSession spark, RunRecord r, Map<String, Long> snapshots) {
    Map<String, Object> more = new HashMap<>();
    more.put(Columns.TABLE_SNAPSHOTS, snapshots == null ? null : new TreeMap<>(snapshots));
    return spark.createDataFrame(
        List.of(RecordRows.row(TableSchemas.RUNS, r, more)), TableSchemas.RUNS);
  }
}
