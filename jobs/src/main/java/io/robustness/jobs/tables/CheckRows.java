package io.robustness.jobs.tables;

import io.robustness.core.checks.CheckRow;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Rows of the {@code checks} table, from the core's verdicts. */
public final class CheckRows {

  private CheckRows() {}

  public static Dataset<Row> frame(SparkSession spark, List<CheckRow> checks) {
    List<Row> rows =
        checks.stream()
            .map(
                c ->
                    RecordRows.row(
                        TableSchemas.CHECKS, c, Map.of(Columns.VERDICT, c.verdict().tableName())))
            .toList();
    return spark.createDataFrame(rows, TableSchemas.CHECKS);
  }
}
