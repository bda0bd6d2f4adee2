package io.robustness.jobs.tables;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The {@code runs} row of a run (run_id comes from the partition folder). */
final class RunsTable {

  private RunsTable() {}

  static Dataset<Row> frame(SparkSession spark, RunRecord r) {
    return spark.createDataFrame(List.of(RecordRows.row(TableSchemas.RUNS, r)), TableSchemas.RUNS);
  }
}
