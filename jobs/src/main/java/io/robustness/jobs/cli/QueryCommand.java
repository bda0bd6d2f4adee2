package io.robustness.jobs.cli;

import static org.apache.spark.sql.functions.col;

import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.tables.Columns;
import io.robustness.jobs.tables.RunRef;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SQL",
      description = "the query (or --image for one image's trajectory)")
  String sql;

  @Option(
      names = "--image",
      paramLabel = "PATH",
      description =
          "print this image's trajectory instead of a query: per attack and epsilon, its"
              + " prediction, true-class probability and the top wrong class's; PATH is the"
              + " image's path or its end (like shoe/0012.png)")
  String image;

  @Option(
      names = "--run",
      defaultValue = "latest",
      description =
          "with --image: the run, latest, previous or a run id; default: ${DEFAULT-VALUE}")
  String run;

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
    if ((sql == null) == (image == null)) {
      throw new UsageException("give either an SQL query or --image PATH");
    }
    if (image != null) {
      return trajectory(spark, tables);
    }
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

  /** The image's rows of {@code samples} in the run, by attack and epsilon. */
  private int trajectory(SparkSession spark, TableReader tables) {
    String runId = RunRef.resolve(run, tables.runs()).runId();
    Dataset<Row> rows =
        tables
            .read(Tables.SAMPLES)
            .filter(col(Tables.RUN_ID).equalTo(runId))
            .filter(
                col(Columns.IMAGE_PATH)
                    .equalTo(image)
                    .or(col(Columns.IMAGE_PATH).endsWith("/" + image)));
    List<String> paths =
        rows.select(Columns.IMAGE_PATH).distinct().limit(3).as(Encoders.STRING()).collectAsList();
    if (paths.isEmpty()) {
      throw new UsageException("no image " + image + " in run " + runId);
    }
    if (paths.size() > 1) {
      throw new UsageException(
          image + " matches more than one image of run " + runId + ", like " + paths);
    }
    System.out.println("run " + runId + ", " + paths.get(0));
    RowPrinter.print(
        rows.select(
                Columns.ATTACK,
                Columns.EPSILON,
                Columns.PREDICTION_NAME,
                Columns.TRUE_CLASS_PROB,
                Columns.TOP_WRONG_PROB)
            .orderBy(Columns.ATTACK, Columns.EPSILON),
        format,
        limit,
        System.out);
    return ExitCodes.OK;
  }
}
