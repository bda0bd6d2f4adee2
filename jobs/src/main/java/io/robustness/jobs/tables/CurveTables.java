package io.robustness.jobs.tables;

import static io.robustness.jobs.tables.Columns.*;

import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.core.metrics.CurvePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code curves}, {@code class_curves} and {@code confidence_curves}, from the merged {@link
 * CurveAccumulator}: the figures come from the core's tallies, not from a second computation in
 * SQL.
 */
public final class CurveTables {

  private CurveTables() {}

  /**
   * @param byAttack each attack's merged tallies, by attack name
   */
  public static Dataset<Row> curves(SparkSession spark, Map<String, CurveAccumulator> byAttack) {
    StructType schema = TableSchemas.CURVES;
    List<Row> rows = new ArrayList<>();
    byAttack.forEach(
        (attack, acc) -> rows.addAll(rows(schema, acc.overall(), Map.of(ATTACK, attack))));
    return spark.createDataFrame(rows, schema);
  }

  public static Dataset<Row> classCurves(
      SparkSession spark, Map<String, CurveAccumulator> byAttack, List<String> classes) {
    StructType schema = TableSchemas.CLASS_CURVES;
    List<Row> rows = new ArrayList<>();
    byAttack.forEach(
        (attack, acc) -> {
          for (Map.Entry<Integer, List<CurvePoint>> e : acc.byClass().entrySet()) {
            Map<String, Object> group =
                Map.of(LABEL, e.getKey(), LABEL_NAME, classes.get(e.getKey()), ATTACK, attack);
            rows.addAll(rows(schema, e.getValue(), group));
          }
        });
    return spark.createDataFrame(rows, schema);
  }

  public static Dataset<Row> confidenceCurves(
      SparkSession spark, Map<String, CurveAccumulator> byAttack) {
    StructType schema = TableSchemas.CONFIDENCE_CURVES;
    List<Row> rows = new ArrayList<>();
    byAttack.forEach(
        (attack, acc) -> {
          for (Map.Entry<Integer, List<CurvePoint>> e : acc.byConfidenceBucket().entrySet()) {
            Map<String, Object> group = Map.of(CLEAN_CONFIDENCE_BUCKET, e.getKey(), ATTACK, attack);
            rows.addAll(rows(schema, e.getValue(), group));
          }
        });
    return spark.createDataFrame(rows, schema);
  }

  /** A row per point: its figures, and the {@code group} columns' values. */
  private static List<Row> rows(
      StructType schema, List<CurvePoint> points, Map<String, Object> group) {
    return points.stream().map(p -> RecordRows.row(schema, p, group)).toList();
  }
}
