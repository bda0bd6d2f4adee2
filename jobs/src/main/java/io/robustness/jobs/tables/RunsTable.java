package io.robustness.jobs.tables;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** Schema and row of the {@code runs} table (run_id comes from the partition folder). */
public final class RunsTable {

  public static final StructType SCHEMA =
      new StructType()
          .add("status", DataTypes.StringType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("finished_at", DataTypes.TimestampType, true)
          .add("model_uri", DataTypes.StringType, false)
          .add("model_sha256", DataTypes.StringType, true)
          .add("dataset_uri", DataTypes.StringType, false)
          .add("images_total", DataTypes.LongType, false)
          .add("images_scored", DataTypes.LongType, false)
          .add("images_failed", DataTypes.LongType, false)
          .add("images_skipped", DataTypes.LongType, false)
          .add("epsilons", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("attack", DataTypes.StringType, false)
          .add("config_json", DataTypes.StringType, false)
          .add("spark_master", DataTypes.StringType, false)
          .add("executors", DataTypes.IntegerType, false)
          .add(
              "model_loads",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false),
              false)
          .add("code_version", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, true);

  private RunsTable() {}

  static Dataset<Row> frame(SparkSession spark, RunRecord r) {
    Row row =
        RowFactory.create(
            r.status(),
            Timestamp.from(r.startedAt()),
            r.finishedAt() == null ? null : Timestamp.from(r.finishedAt()),
            r.modelUri(),
            r.modelSha256(),
            r.datasetUri(),
            r.imagesTotal(),
            r.imagesScored(),
            r.imagesFailed(),
            r.imagesSkipped(),
            CollectionConverters.asScala(r.epsilons()).toSeq(),
            r.attack(),
            r.configJson(),
            r.sparkMaster(),
            r.executors(),
            CollectionConverters.asScala(r.modelLoads()),
            r.codeVersion(),
            r.message());
    return spark.createDataFrame(List.of(row), SCHEMA);
  }
}
