package io.robustness.jobs.cli;

import io.robustness.jobs.tables.TableDdl;
import io.robustness.jobs.tables.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code robustness ddl --engine trino --output s3://bucket/results}: prints the statements that
 * make another engine know the Parquet tables by name, for engines this product cannot reach.
 */
@Command(
    name = "ddl",
    mixinStandardHelpOptions = true,
    description = {
      "Print the DDL that registers the Parquet tables in another engine: spark (external tables"
          + " and their partitions), trino (Hive connector), athena (partition projection on"
          + " run_id: no MSCK REPAIR), duckdb (views).",
      "Example: robustness ddl --engine athena --output s3://bucket/results --database robustness"
    })
final class DdlCommand implements Callable<Integer> {

  @Option(names = "--engine", required = true, description = "spark, trino, athena or duckdb")
  TableDdl.Engine engine;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "URI",
      description = "the output root as the engine names it (s3://bucket/prefix for Athena)")
  String output;

  @Option(
      names = "--database",
      defaultValue = "robustness",
      description = "the database (schema) of the tables, default: ${DEFAULT-VALUE}")
  String database;

  @Override
  public Integer call() {
    for (String statement : TableDdl.statements(engine, output, database, present())) {
      System.out.println(statement + ";");
    }
    return ExitCodes.OK;
  }

  /**
   * The tables a local output has; every table for a bucket (which this command does not list: it
   * prints statements for engines this machine may not reach).
   */
  private List<String> present() {
    try {
      Path root = new Path(output);
      String scheme = root.toUri().getScheme();
      if (scheme != null && !scheme.equals("file")) {
        return Tables.RETAINED;
      }
      FileSystem fs = root.getFileSystem(new Configuration());
      List<String> found = new ArrayList<>();
      for (String table : Tables.RETAINED) {
        if (fs.exists(new Path(root, table))) {
          found.add(table);
        }
      }
      return found.isEmpty() ? Tables.RETAINED : found;
    } catch (IOException | RuntimeException e) {
      return Tables.RETAINED;
    }
  }
}
