package io.robustness.jobs.report;

import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;

/**
 * The output's runs and curves as they were when a run started scoring, read while it scores: a
 * report's history chart needs the runs before it, and reading them after the run would add their
 * planning to the time after the last image. The reads run as {@link ParallelReads} do, so Spark's
 * job group follows them and cancelling the run's jobs cancels them.
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
    ParallelReads reads = new ParallelReads();
    ReportHistory history =
        new ReportHistory(
            reads.submit(() -> tables.read(Tables.RUNS).collectAsList()),
            reads.submit(
                () -> TableReportSource.withAttack(tables.read(Tables.CURVES)).collectAsList()));
    reads.finishThenStop();
    return history;
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
