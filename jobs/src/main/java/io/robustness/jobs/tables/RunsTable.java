package io.robustness.jobs.tables;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/** The {@code runs} row of a run (run_id comes from the partition folder). */
public final class RunsTable {

  private RunsTable() {}

  static Dataset<Row> frame(SparkSession spark, RunRecord r) {
    Row row =
        new RowBuilder(TableSchemas.RUNS)
            .set(Columns.STATUS, r.status())
            .set(Columns.STARTED_AT, Timestamp.from(r.startedAt()))
            .set(
                Columns.FINISHED_AT, r.finishedAt() == null ? null : Timestamp.from(r.finishedAt()))
            .set(Columns.MODEL_URI, r.modelUri())
            .set(Columns.MODEL_SHA256, r.modelSha256())
            .set(Columns.DATASET_URI, r.datasetUri())
            .set(Columns.IMAGES_TOTAL, r.imagesTotal())
            .set(Columns.IMAGES_SCORED, r.imagesScored())
            .set(Columns.IMAGES_FAILED, r.imagesFailed())
            .set(Columns.IMAGES_SKIPPED, r.imagesSkipped())
            .set(Columns.EPSILONS, CollectionConverters.asScala(r.epsilons()).toSeq())
            .set(Columns.ATTACK, r.attack())
            .set(Columns.CONFIG_JSON, r.configJson())
            .set(Columns.SPARK_MASTER, r.sparkMaster())
            .set(Columns.EXECUTORS, r.executors())
            .set(Columns.MODEL_LOADS, CollectionConverters.asScala(r.modelLoads()))
            .set(Columns.CODE_VERSION, r.codeVersion())
            .set(Columns.MESSAGE, r.message())
            .build();
    return spark.createDataFrame(List.of(row), TableSchemas.RUNS);
  }
}
