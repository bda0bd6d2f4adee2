package io.robustness.jobs.cli;

import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.tables.TableReader;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code robustness query "SQL" --output URI}: Spark SQL over the result tables of an output root.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run Spark SQL over the result tables. Views: runs, samples, curves, class_curves,"
          + " confidence_curves, flips, errors, examples.",
      "Example: robustness query \"SELECT epsilon, accuracy FROM curves WHERE run_id = 'x'\" --output results/mnist"
    })
final class QueryCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SQL", description = "the query")
  String sql;

  @Mixin OutputOption output;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (one object per line)")
  RowPrinter.Format format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "most rows printed, default: ${DEFAULT-VALUE}")
  int limit;

  @Override
  public Integer call() throws Exception {
    return CommandSession.withTables("robustness query", output, this::query);
  }

  private int query(SparkSession spark, TableReader tables) {
    tables.registerViewsFor(sql);
    Dataset<Row> result;
    try {
      result = spark.sql(sql);
    } catch (Exception e) { // AnalysisException, checked but undeclared by Scala
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      throw new UsageException("query error: " + CommandSession.oneLine(e), e);
    }
    RowPrinter.print(result, format, limit, System.out);
    return ExitCodes.OK;
  }
}
