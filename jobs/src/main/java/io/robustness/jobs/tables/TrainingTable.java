package io.robustness.jobs.tables;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The {@code training} table: what a hardening run did, epoch by epoch. */
public final class TrainingTable {

  /** One epoch: the mean training loss, validation accuracies, and its wall-clock seconds. */
  public record Epoch(
      int epoch, double loss, double cleanAccuracy, double fgsmAccuracy, double seconds) {}

  private TrainingTable() {}

  /** The run's rows, to be staged and committed with the model ({@link RunCommitter}). */
  public static Dataset<Row> frame(SparkSession spark, List<Epoch> epochs) {
    List<Row> rows = new ArrayList<>();
    for (Epoch e : epochs) {
      rows.add(RecordRows.row(TableSchemas.TRAINING, e));
    }
    return spark.createDataFrame(rows, TableSchemas.TRAINING).coalesce(1);
  }
}
