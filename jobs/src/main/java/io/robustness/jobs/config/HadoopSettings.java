package io.robustness.jobs.config;

import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.TreeMap;

/** {@code robustness.hadoop}: Hadoop file-system settings as plain key-value pairs. */
final class HadoopSettings {

  private HadoopSettings() {}

  /** May hold secrets: never log or store the values. */
  static Map<String, String> read(SettingsReader r) {
    Map<String, String> out = new TreeMap<>();
    if (!r.config().hasPath(Keys.HADOOP)) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : r.config().getConfig(Keys.HADOOP).entrySet()) {
      String name = String.join(".", ConfigUtil.splitPath(e.getKey()));
      Object value = e.getValue().unwrapped();
      if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        out.put(name, String.valueOf(value));
      } else {
        r.add(
            Keys.HADOOP
                + ".\""
                + name
                + "\" must be a single value (quote the whole Hadoop key, like"
                + " \"fs.s3a.endpoint\" = \"http://...\")");
      }
    }
    return Map.copyOf(out);
  }
}
