package io.robustness.jobs.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the dataset lists its images and labels. */
public enum DatasetLayout {
  /** {@code <root>/<class-name>/<image>}. */
  CLASS_FOLDERS("class-folders"),
  /** A CSV or Parquet file with columns path, label and optionally target. */
  MANIFEST("manifest");

  private final String configName;

  DatasetLayout(String configName) {
    this.configName = configName;
  }

  static Optional<DatasetLayout> parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(l -> l.configName.equals(wanted)).findFirst();
  }
}
