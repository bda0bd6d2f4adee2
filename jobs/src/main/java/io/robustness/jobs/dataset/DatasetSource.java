package io.robustness.jobs.dataset;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Where a run's images come from, one implementation per layout ({@link DatasetSources} picks it).
 * A source is made once per run from its settings; {@link #preflight} runs before Spark starts and
 * may keep what it listed for {@link #open}.
 */
public interface DatasetSource {

  /**
   * Checks what can be checked before Spark starts (for loose files: lists them), adding every
   * problem to {@code problems} rather than throwing, so they are reported with the settings' own.
   */
  default void preflight(Configuration hadoop, List<String> problems) {}

  /**
   * The run's work for Spark, sampled.
   *
   * @throws io.robustness.jobs.config.SettingsException when the data cannot be scored as set
   */
  Work open(SparkSession spark) throws IOException;

  /**
   * The images as loose files with their labels, for {@code convert}; empty where the images are
   * not files of their own (rows of Parquet files, members of shards).
   */
  default Optional<Listing> files(SparkSession spark) throws IOException {
    return Optional.empty();
  }
}
