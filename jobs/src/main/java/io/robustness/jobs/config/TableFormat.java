package io.robustness.jobs.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the result tables are stored ({@code robustness.output.format}). */
public enum TableFormat {
  /** Hive-partitioned Parquet folders under the output root, committed by journalled moves. */
  PARQUET("parquet"),
  /** Apache Iceberg tables in a catalog, one atomic commit per table and run. */
  ICEBERG("iceberg");

  private final String configName;

  TableFormat(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  static String choices() {
    return String.join(", ", Arrays.stream(values()).map(f -> f.configName).toList());
  }

  static Optional<TableFormat> parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.configName.equals(wanted)).findFirst();
  }
}
