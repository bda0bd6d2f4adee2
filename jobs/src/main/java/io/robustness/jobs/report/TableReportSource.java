package io.robustness.jobs.report;

import static io.robustness.jobs.tables.Columns.ATTACK;
import static io.robustness.jobs.tables.Columns.EPSILON;
import static io.robustness.jobs.tables.Columns.IMAGE_PATH;
import static io.robustness.jobs.tables.Columns.TOP_WRONG_PROB;
import static io.robustness.jobs.tables.Columns.TRUE_CLASS_PROB;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.robustness.core.attack.AttackKind;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A committed run's report rows, read from the result tables: a few small queries, each table once;
 * only the flips, one row per image, are aggregated by Spark.
 */
final class TableReportSource implements ReportSource {

  private final TableReader tables;
  private final String runId;
  private List<Row> runs;

  TableReportSource(TableReader tables, String runId) {
    this.tables = tables;
    this.runId = runId;
  }

  @Override
  public Row run() {
    return runs().stream()
        .filter(r -> runId.equals(r.getAs(Tables.RUN_ID)))
        .findFirst()
        .orElse(null);
  }

  @Override
  public synchronized List<Row> runs() {
    if (runs == null) {
      runs = tables.read(Tables.RUNS).collectAsList();
    }
    return runs;
  }

  @Override
  public Map<String, List<Row>> curves(Collection<String> runIds) {
    return byRun(
        withAttack(tables.read(Tables.CURVES).filter(col(Tables.RUN_ID).isin(runIds.toArray())))
            .collectAsList());
  }

  /** Rows by their run_id, in the order read. */
  static Map<String, List<Row>> byRun(List<Row> rows) {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getAs(Tables.RUN_ID), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  @Override
  public List<Row> confidenceCurves() {
    return ofRun(Tables.CONFIDENCE_CURVES).collectAsList();
  }

  @Override
  public List<Row> classCurves() {
    return ofRun(Tables.CLASS_CURVES).collectAsList();
  }

  @Override
  public List<Row> checks() {
    return ofRun(Tables.CHECKS).collectAsList();
  }

  @Override
  public List<Row> examples() {
    return ofRun(Tables.EXAMPLES).collectAsList();
  }

  @Override
  public FlipHistograms flips(String attack, List<Double> epsilons) {
    return FlipHistograms.of(ofRun(Tables.FLIPS).filter(col(ATTACK).equalTo(attack)), epsilons);
  }

  @Override
  public List<Row> trajectories(Collection<String> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    return ofRun(Tables.SAMPLES)
        .filter(col(IMAGE_PATH).isin(images.toArray()))
        .select(IMAGE_PATH, ATTACK, EPSILON, TRUE_CLASS_PROB, TOP_WRONG_PROB)
        .collectAsList();
  }

  @Override
  public String describe() {
    return String.valueOf(tables.root());
  }

  /** The run's rows of a table, with a missing attack read as fgsm. */
  private Dataset<Row> ofRun(String table) {
    return withAttack(tables.read(table).filter(col(Tables.RUN_ID).equalTo(runId)));
  }

  /** Runs written before tables had an attack column held FGSM only. */
  static Dataset<Row> withAttack(Dataset<Row> rows) {
    return rows.withColumn(ATTACK, attackColumn());
  }

  private static Column attackColumn() {
    return coalesce(col(ATTACK), lit(AttackKind.FGSM.configName()));
  }
}
