package io.robustness.jobs.tables;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the Parquet tables of an output root in the Spark session's catalog (a Hive metastore
 * when the session has one, so that every engine on that metastore finds them by name): external
 * tables over the table folders, and their run partitions.
 */
public final class TableRegistration {

  private TableRegistration() {}

  /**
   * Creates the tables that are missing and adds every committed run's partition.
   *
   * @return the statements run, in order
   */
  public static List<String> registerAll(SparkSession spark, String outputUri, String schema)
      throws IOException {
    OutputRoot output = OutputRoot.open(spark, outputUri);
    List<String> statements =
        TableDdl.statements(
            TableDdl.Engine.SPARK, output.root().toString(), schema, present(output));
    statements.forEach(spark::sql);
    return statements;
  }

  /**
   * The tables the output has: Spark refuses an external table over a folder that does not exist (a
   * table no run wrote yet, like training before any hardening).
   */
  private static List<String> present(OutputRoot output) throws IOException {
    List<String> out = new ArrayList<>();
    for (String table : Tables.RETAINED) {
      if (output.fs().exists(output.table(table))) {
        out.add(table);
      }
    }
    return out;
  }

  /**
   * Makes sure the tables exist and adds run {@code runId}'s partition of each table that has one:
   * what an audit does after its commit.
   *
   * @return the statements run, in order
   */
  public static List<String> registerRun(
      SparkSession spark, String outputUri, String schema, String runId) throws IOException {
    OutputRoot output = OutputRoot.open(spark, outputUri);
    List<String> statements = new ArrayList<>();
    for (String statement :
        TableDdl.statements(
            TableDdl.Engine.SPARK, output.root().toString(), schema, present(output))) {
      if (!statement.contains("RECOVER PARTITIONS")) {
        statements.add(statement);
      }
    }
    for (String table : Tables.RETAINED) {
      Path partition = output.partition(table, runId);
      if (output.fs().exists(partition)) {
        statements.add(
            "ALTER TABLE "
                + schema
                + "."
                + table
                + " ADD IF NOT EXISTS PARTITION (run_id = '"
                + runId.replace("'", "''")
                + "') LOCATION '"
                + partition
                + "'");
      }
    }
    statements.forEach(spark::sql);
    return statements;
  }
}
