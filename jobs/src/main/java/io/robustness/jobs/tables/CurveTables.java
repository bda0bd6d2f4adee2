package io.robustness.jobs.tables;

import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.core.metrics.CurvePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code curves}, {@code class_curves} and {@code confidence_curves}, from the merged {@link
 * CurveAccumulator}: the figures come from the core's tallies, not from a second computation in
 * SQL.
 */
public final class CurveTables {

  public static final StructType CURVES =
      new StructType()
          .add("epsilon", DataTypes.DoubleType, false)
          .add("images", DataTypes.LongType, false)
          .add("accuracy", DataTypes.DoubleType, false)
          .add("top5_accuracy", DataTypes.DoubleType, false)
          .add("mean_confidence", DataTypes.DoubleType, false)
          .add("mean_true_class_prob", DataTypes.DoubleType, false)
          .add("attack_success_rate", DataTypes.DoubleType, true);

  public static final StructType CLASS_CURVES =
      CURVES
          .add("label", DataTypes.IntegerType, false)
          .add("label_name", DataTypes.StringType, false);

  public static final StructType CONFIDENCE_CURVES =
      CURVES.add("clean_confidence_bucket", DataTypes.IntegerType, false);

  private CurveTables() {}

  public static Dataset<Row> curves(SparkSession spark, CurveAccumulator acc) {
    return spark.createDataFrame(rows(acc.overall(), p -> new Object[0]), CURVES);
  }

  public static Dataset<Row> classCurves(
      SparkSession spark, CurveAccumulator acc, List<String> classes) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Integer, List<CurvePoint>> e : acc.byClass().entrySet()) {
      rows.addAll(rows(e.getValue(), p -> new Object[] {e.getKey(), classes.get(e.getKey())}));
    }
    return spark.createDataFrame(rows, CLASS_CURVES);
  }

  public static Dataset<Row> confidenceCurves(SparkSession spark, CurveAccumulator acc) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Integer, List<CurvePoint>> e : acc.byConfidenceBucket().entrySet()) {
      rows.addAll(rows(e.getValue(), p -> new Object[] {e.getKey()}));
    }
    return spark.createDataFrame(rows, CONFIDENCE_CURVES);
  }

  private static List<Row> rows(List<CurvePoint> points, Function<CurvePoint, Object[]> extra) {
    List<Row> out = new ArrayList<>();
    for (CurvePoint p : points) {
      Object[] tail = extra.apply(p);
      Object[] values = new Object[7 + tail.length];
      values[0] = p.epsilon();
      values[1] = p.images();
      values[2] = p.accuracy();
      values[3] = p.top5Accuracy();
      values[4] = p.meanConfidence();
      values[5] = p.meanTrueClassProb();
      values[6] = Double.isNaN(p.attackSuccessRate()) ? null : p.attackSuccessRate();
      System.arraycopy(tail, 0, values, 7, tail.length);
      out.add(RowFactory.create(values));
    }
    return out;
  }
}
