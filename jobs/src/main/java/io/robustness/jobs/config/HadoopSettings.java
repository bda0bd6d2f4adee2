package io.robustness.jobs.config;

import java.util.Map;

/** {@code robustness.hadoop}: Hadoop file-system settings as plain key-value pairs. */
final class HadoopSettings {

  private HadoopSettings() {}

  /** May hold secrets: never log or store the values. */
  static Map<String, String> read(SettingsReader r) {
    return Map.copyOf(r.singleValues(Keys.HADOOP, "\"fs.s3a.endpoint\" = \"http://...\""));
  }
}
