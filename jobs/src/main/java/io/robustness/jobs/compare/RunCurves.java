package io.robustness.jobs.compare;

import static io.robustness.jobs.tables.Columns.ACCURACY;
import static io.robustness.jobs.tables.Columns.ATTACK;
import static io.robustness.jobs.tables.Columns.EPSILON;
import static io.robustness.jobs.tables.Columns.LABEL_NAME;
import static io.robustness.jobs.tables.Columns.MEAN_CONFIDENCE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.robustness.core.attack.AttackKind;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Reads what a comparison needs from the tables. */
public final class RunCurves {

  private final TableReader tables;

  public RunCurves(TableReader tables) {
    this.tables = tables;
  }

  /** Attack to (epsilon to figures). */
  public Map<String, Map<Double, RunComparison.Figures>> curves(String runId) {
    Map<String, Map<Double, RunComparison.Figures>> out = new TreeMap<>();
    for (Row r : forRun(Tables.CURVES, runId).collectAsList()) {
      out.computeIfAbsent(r.getAs(ATTACK), a -> new TreeMap<>())
          .put(
              r.getAs(EPSILON),
              new RunComparison.Figures(r.getAs(ACCURACY), r.getAs(MEAN_CONFIDENCE)));
    }
    return out;
  }

  /** Attack to (class name to (epsilon to accuracy)). */
  public Map<String, Map<String, Map<Double, Double>>> classes(String runId) {
    Map<String, Map<String, Map<Double, Double>>> out = new TreeMap<>();
    for (Row r : forRun(Tables.CLASS_CURVES, runId).collectAsList()) {
      out.computeIfAbsent(r.getAs(ATTACK), a -> new TreeMap<>())
          .computeIfAbsent(r.getAs(LABEL_NAME), k -> new TreeMap<>())
          .put(r.getAs(EPSILON), r.getAs(ACCURACY));
    }
    return out;
  }

  /**
   * A run's rows of a table; runs written before tables had an attack column held FGSM only, so
   * their attack reads as fgsm.
   */
  private Dataset<Row> forRun(String table, String runId) {
    return tables
        .read(table)
        .filter(col(Tables.RUN_ID).equalTo(runId))
        .withColumn(ATTACK, coalesce(col(ATTACK), lit(AttackKind.FGSM.configName())));
  }
}
