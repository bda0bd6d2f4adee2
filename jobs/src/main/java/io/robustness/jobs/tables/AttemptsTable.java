package io.robustness.jobs.tables;

import io.robustness.jobs.store.StoreRetry;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code attempts} table: one Parquet file per attempt, {@code
 * attempts/run_id=<id>/attempt-<attempt>.parquet}, so attempts append without replacing each other.
 */
final class AttemptsTable {

  private AttemptsTable() {}

  /** Where an attempt's row lives once written. */
  static Path target(OutputRoot output, String runId, String attempt) {
    return new Path(output.partition(Tables.ATTEMPTS, runId), "attempt-" + attempt + ".parquet");
  }

  static Dataset<Row> frame(SparkSession spark, AttemptRecord record) {
    return spark.createDataFrame(
        List.of(RecordRows.row(TableSchemas.ATTEMPTS, record)), TableSchemas.ATTEMPTS);
  }

  /**
   * Writes {@code record} as a one-row Parquet file under {@code folder} and returns the file,
   * ready to be moved to its {@link #target}.
   */
  static Path stage(SparkSession spark, FileSystem fs, Path folder, AttemptRecord record)
      throws IOException {
    StoreRetry.call(
        "staging the attempt's row",
        RunCommitter.SPARK_WRITE_TRIES,
        () -> {
          fs.delete(folder, true);
          frame(spark, record)
              .coalesce(1)
              .write()
              .mode(SaveMode.ErrorIfExists)
              .parquet(folder.toString());
          return null;
        });
    for (FileStatus f : fs.listStatus(folder)) {
      if (f.getPath().getName().endsWith(".parquet")) {
        return f.getPath();
      }
    }
    throw new IOException("Spark wrote no Parquet file for the attempt under " + folder);
  }
}
