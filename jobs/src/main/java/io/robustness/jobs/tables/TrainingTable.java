package io.robustness.jobs.tables;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** The {@code training} table: what a hardening run did, epoch by epoch. */
public final class TrainingTable {

  /** One epoch: the mean training loss, validation accuracies, and its wall-clock seconds. */
  public record Epoch(
      int epoch, double loss, double cleanAccuracy, double fgsmAccuracy, double seconds) {}

  private TrainingTable() {}

  /** Writes (replacing) the run's partition {@code <output>/training/run_id=<id>/}. */
  public static String write(
      SparkSession spark, String outputUri, String runId, List<Epoch> epochs) {
    List<Row> rows = new ArrayList<>();
    for (Epoch e : epochs) {
      rows.add(RecordRows.row(TableSchemas.TRAINING, e));
    }
    String partition =
        outputUri.replaceFirst("/*$", "")
            + "/"
            + Tables.TRAINING
            + "/"
            + Tables.RUN_ID
            + "="
            + runId;
    spark
        .createDataFrame(rows, TableSchemas.TRAINING)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(partition);
    return partition;
  }
}
