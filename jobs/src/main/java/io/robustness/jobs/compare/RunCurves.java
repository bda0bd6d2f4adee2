package io.robustness.jobs.compare;

import static org.apache.spark.sql.functions.col;

import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/** Reads what a comparison needs from the tables. */
public final class RunCurves {

  private final TableReader tables;

  public RunCurves(TableReader tables) {
    this.tables = tables;
  }

  public List<RunRef> runs() {
    List<RunRef> out = new ArrayList<>();
    for (Row r :
        tables.read(Tables.RUNS).select("run_id", "status", "started_at").collectAsList()) {
      out.add(new RunRef(r.getString(0), r.getString(1), r.<Timestamp>getAs(2).toInstant()));
    }
    return out;
  }

  public Map<Double, RunComparison.Figures> curve(String runId) {
    Map<Double, RunComparison.Figures> out = new TreeMap<>();
    for (Row r :
        tables
            .read(Tables.CURVES)
            .filter(col(Tables.RUN_ID).equalTo(runId))
            .select("epsilon", "accuracy", "mean_confidence")
            .collectAsList()) {
      out.put(r.getDouble(0), new RunComparison.Figures(r.getDouble(1), r.getDouble(2)));
    }
    return out;
  }

  /** Class name to (epsilon to accuracy). */
  public Map<String, Map<Double, Double>> classes(String runId) {
    Map<String, Map<Double, Double>> out = new TreeMap<>();
    for (Row r :
        tables
            .read(Tables.CLASS_CURVES)
            .filter(col(Tables.RUN_ID).equalTo(runId))
            .select("label_name", "epsilon", "accuracy")
            .collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getDouble(1), r.getDouble(2));
    }
    return out;
  }
}
