package io.robustness.jobs.tables;

import static io.robustness.jobs.tables.Columns.*;

import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.core.metrics.CurvePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
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

  public static Dataset<Row> curves(SparkSession spark, CurveAccumulator acc) {
    StructType schema = TableSchemas.CURVES;
    return spark.createDataFrame(rows(schema, acc.overall(), row -> row), schema);
  }

  public static Dataset<Row> classCurves(
      SparkSession spark, CurveAccumulator acc, List<String> classes) {
    StructType schema = TableSchemas.CLASS_CURVES;
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Integer, List<CurvePoint>> e : acc.byClass().entrySet()) {
      rows.addAll(
          rows(
              schema,
              e.getValue(),
              row -> row.set(LABEL, e.getKey()).set(LABEL_NAME, classes.get(e.getKey()))));
    }
    return spark.createDataFrame(rows, schema);
  }

  public static Dataset<Row> confidenceCurves(SparkSession spark, CurveAccumulator acc) {
    StructType schema = TableSchemas.CONFIDENCE_CURVES;
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Integer, List<CurvePoint>> e : acc.byConfidenceBucket().entrySet()) {
      rows.addAll(rows(schema, e.getValue(), row -> row.set(CLEAN_CONFIDENCE_BUCKET, e.getKey())));
    }
    return spark.createDataFrame(rows, schema);
  }

  /** A row per point: the curve columns, then what {@code group} sets. */
  private static List<Row> rows(
      StructType schema, List<CurvePoint> points, UnaryOperator<RowBuilder> group) {
    List<Row> out = new ArrayList<>();
    for (CurvePoint p : points) {
      RowBuilder row =
          new RowBuilder(schema)
              .set(EPSILON, p.epsilon())
              .set(IMAGES, p.images())
              .set(ACCURACY, p.accuracy())
              .set(TOP5_ACCURACY, p.top5Accuracy())
              .set(MEAN_CONFIDENCE, p.meanConfidence())
              .set(MEAN_TRUE_CLASS_PROB, p.meanTrueClassProb())
              .set(
                  ATTACK_SUCCESS_RATE,
                  Double.isNaN(p.attackSuccessRate()) ? null : p.attackSuccessRate());
      out.add(group.apply(row).build());
    }
    return out;
  }
}
