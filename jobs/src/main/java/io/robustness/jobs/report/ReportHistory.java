package io.robustness.jobs.report;

import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.apache.spark.sql.Row;

/**
 * The output's runs and curves as they were when a run started scoring, read while it scores: a
 * report's history chart needs the runs before it, and reading them after the run would add their
 * planning to the time after the last image. Each read runs in a thread made by the caller, so
 * Spark's job group follows it and cancelling the run's jobs cancels it.
 */
public final class ReportHistory {

  private final Future<List<Row>> runs;
  private final Future<List<Row>> curves;

  private ReportHistory(Future<List<Row>> runs, Future<List<Row>> curves) {
    this.runs = runs;
    this.curves = curves;
  }

  /** Starts both reads and returns at once. */
  public static ReportHistory readAsync(TableReader tables) {
    return new ReportHistory(
        start(() -> tables.read(Tables.RUNS).collectAsList()),
        start(
            () ->
                tables
                    .read(Tables.CURVES)
                    .withColumn(
                        io.robustness.jobs.tables.Columns.ATTACK, TableReportSource.attackColumn())
                    .collectAsList()));
  }

  private static <T> Future<T> start(Callable<T> read) {
    FutureTask<T> task = new FutureTask<>(read);
    Thread t = new Thread(task, "report-history");
    t.setDaemon(true);
    t.start();
    return task;
  }

  /** Every run's {@code runs} row; waits for the read. */
  List<Row> runs() {
    return ParallelReads.get(runs);
  }

  /** Every run's {@code curves} rows, with run_id and the attack filled in; waits for the read. */
  List<Row> curves() {
    return ParallelReads.get(curves);
  }
}
