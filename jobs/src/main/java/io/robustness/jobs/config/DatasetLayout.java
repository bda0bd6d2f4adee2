package io.robustness.jobs.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the dataset lists its images and labels. */
public enum DatasetLayout {
  /** {@code <root>/<class-name>/<image>}. */
  CLASS_FOLDERS("class-folders"),
  /** A CSV or Parquet file with columns path, label and optionally target. */
  MANIFEST("manifest"),
  /** Parquet files with the encoded image bytes and the label in columns. */
  PARQUET("parquet"),
  /** WebDataset tar shards: members sharing a key form a sample. */
  WEBDATASET("webdataset");

  private final String configName;

  DatasetLayout(String configName) {
    this.configName = configName;
  }

  /** The layout as settings and the runs table spell it. */
  public String configName() {
    return configName;
  }

  /** Every layout as settings spell it, for messages. */
  static String choices() {
    return String.join(", ", Arrays.stream(values()).map(l -> l.configName).toList());
  }

  static Optional<DatasetLayout> parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(l -> l.configName.equals(wanted)).findFirst();
  }
}
