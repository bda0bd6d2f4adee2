package io.robustness.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers the settings, weakest first: {@code reference.conf}, the {@code --conf} file, {@code -Dkey=value} system
 * properties, {@code --set key=value}. A {@code --set} value starting with {@code [}, {@code {} or a quote is
 * parsed as HOCON (lists: {@code --set robustness.attack.epsilons=[0,0.1]}); anything else is taken as a plain
 * string, so URIs like {@code s3a://bucket/x} need no quoting.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * @param confFile the user's file, or null
   * @param sets {@code key=value} overrides
   * @throws SettingsException when the file is missing or unparsable or an override is malformed
   */
  public static Config load(Path confFile, List<String> sets) {
    List<String> problems = new ArrayList<>();
    confFile = withConfigFileProperty(confFile, problems);
    Config file = ConfigFactory.empty();
    if (confFile != null) {
      file = parseFile(confFile, problems);
    }
    Config overrides = ConfigFactory.empty();
    for (String set : sets) {
      overrides = parseSet(set, problems).withFallback(overrides);
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    try {
      return overrides
          // Read afresh: ConfigFactory.systemProperties() caches the first snapshot for the JVM's
          // lifetime.
          .withFallback(ConfigFactory.parseProperties(System.getProperties()))
          .withFallback(file)
          .withFallback(ConfigFactory.defaultReference())
          .resolve();
    } catch (ConfigException e) {
      throw new SettingsException(List.of(e.getMessage()));
    }
  }

  /**
   * Typesafe Config's own convention, {@code -Dconfig.file=FILE}, names the settings file as {@code
   * --conf} does; naming two different files, or {@code -Dconfig.resource} or {@code -Dconfig.url},
   * which this product does not read, is refused.
   */
  private static Path withConfigFileProperty(Path confFile, List<String> problems) {
    for (String unread : List.of("config.resource", "config.url")) {
      if (System.getProperty(unread) != null) {
        problems.add(
            "-D"
                + unread
                + " is not read: give the settings file with --conf FILE or -Dconfig.file=FILE");
      }
    }
    String property = System.getProperty("config.file");
    if (property == null || property.isBlank()) {
      return confFile;
    }
    Path fromProperty = Path.of(property);
    if (confFile == null) {
      return fromProperty;
    }
    if (!confFile.toAbsolutePath().normalize().equals(fromProperty.toAbsolutePath().normalize())) {
      problems.add(
          "--conf "
              + confFile
              + " and -Dconfig.file="
              + property
              + " name different settings files: give one");
    }
    return confFile;
  }

  private static Config parseFile(Path confFile, List<String> problems) {
    if (!Files.isRegularFile(confFile)) {
      problems.add(
          "--conf "
              + confFile
              + ": no such file; pass the path of a HOCON file such as conf/audit-template.conf");
      return ConfigFactory.empty();
    }
    try {
      return ConfigFactory.parseFile(
          confFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      problems.add("--conf " + confFile + " cannot be parsed: " + e.getMessage());
      return ConfigFactory.empty();
    }
  }

  private static Config parseSet(String set, List<String> problems) {
    int eq = set.indexOf('=');
    if (eq <= 0) {
      problems.add(
          "--set "
              + set
              + ": expected key=value, for example --set robustness.attack.batch-size=32");
      return ConfigFactory.empty();
    }
    String key = set.substring(0, eq).trim();
    String value = set.substring(eq + 1).trim();
    try {
      if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")) {
        return ConfigFactory.parseString(key + " = " + value);
      }
      return ConfigFactory.empty()
          .withValue(key, ConfigValueFactory.fromAnyRef(value, "--set " + key));
    } catch (ConfigException e) {
      problems.add("--set " + set + ": " + e.getMessage());
      return ConfigFactory.empty();
    }
  }
}
