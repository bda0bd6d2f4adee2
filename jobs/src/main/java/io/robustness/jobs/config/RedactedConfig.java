package io.robustness.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;

/** The robustness settings as JSON with secrets redacted: what {@code runs.config_json} stores. */
final class RedactedConfig {

  private RedactedConfig() {}

  static String json(Config config) {
    Config robustness = config.getConfig(Keys.ROOT);
    for (Map.Entry<String, ConfigValue> entry : robustness.entrySet()) {
      String key = entry.getKey();
      Object raw = entry.getValue().unwrapped();
      if (Secrets.isSecretKey(key)) {
        robustness = robustness.withValue(key, ConfigValueFactory.fromAnyRef(Secrets.REDACTED));
      } else if (raw instanceof String s) {
        robustness =
            robustness.withValue(key, ConfigValueFactory.fromAnyRef(Secrets.stripUserInfo(s)));
      }
    }
    return robustness.root().render(ConfigRenderOptions.concise());
  }
}
