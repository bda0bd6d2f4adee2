package io.robustness.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Reads settings without stopping at the first bad one: a value of the wrong type is recorded as a
 * problem naming the key and yields null, so every other key is still checked.
 */
final class SettingsReader {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  SettingsReader(Config config) {
    this.config = config;
  }

  Config config() {
    return config;
  }

  void add(String problem) {
    problems.add(problem);
  }

  void addAll(List<String> more) {
    problems.addAll(more);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** How many problems so far; compare before and after a section to tell if it is valid. */
  int count() {
    return problems.size();
  }

  String string(String key) {
    return read(key, Config::getString, "a string");
  }

  Integer integer(String key) {
    return read(key, Config::getInt, "a whole number");
  }

  Long longValue(String key) {
    return read(key, Config::getLong, "a whole number");
  }

  Double number(String key) {
    return read(key, Config::getDouble, "a number");
  }

  java.time.Duration duration(String key) {
    return read(key, Config::getDuration, "a duration, like 3m or 90s");
  }

  Boolean bool(String key) {
    return read(key, Config::getBoolean, "true or false");
  }

  List<Double> doubles(String key) {
    return read(key, Config::getDoubleList, "a list of numbers, like [0, 0.01, 0.1]");
  }

  List<String> strings(String key) {
    return read(key, Config::getStringList, "a list of strings, like [\"cat\", \"dog\"]");
  }

  /** A list of strings that must not be empty; a problem names the key and the fix. */
  List<String> nonEmptyStrings(String key, String fix) {
    return nonEmpty(key, strings(key), fix);
  }

  private <T> List<T> nonEmpty(String key, List<T> values, String fix) {
    if (values == null) {
      return List.of();
    }
    if (values.isEmpty()) {
      add(key + " is empty: " + fix);
    }
    return values;
  }

  /**
   * A required file or bucket location, resolved against the file that set it; null, with a
   * problem, when it is empty.
   */
  String location(String key, String what) {
    String value = string(key);
    if (value != null && value.isBlank()) {
      add(key + " is not set: set it to " + what + " (file://, s3a://, hdfs:// or a local path)");
      return null;
    }
    return value == null ? null : LocalPaths.resolve(config, key, value.trim());
  }

  /** An optional location, resolved like {@link #location}; null when empty. */
  String optionalLocation(String key) {
    String value = string(key);
    return value == null || value.isBlank() ? null : LocalPaths.resolve(config, key, value.trim());
  }

  /**
   * A section of another system's keys (Hadoop's, a catalog's) as plain key-value pairs, each key
   * as written, dots and all; a value that is a list or an object is a problem.
   *
   * @param example how to write such a key, for the message
   */
  Map<String, String> singleValues(String key, String example) {
    Map<String, String> out = new TreeMap<>();
    if (!config.hasPath(key)) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : config.getConfig(key).entrySet()) {
      String name = String.join(".", ConfigUtil.splitPath(e.getKey()));
      Object value = e.getValue().unwrapped();
      if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        out.put(name, String.valueOf(value));
      } else {
        add(
            key
                + ".\""
                + name
                + "\" must be a single value (quote the whole key, like "
                + example
                + ")");
      }
    }
    return out;
  }

  /** A whole number of at least {@code min}; {@code min}, with a problem, when it is below. */
  int atLeast(String key, int min, String fix) {
    Integer value = integer(key);
    if (value == null) {
      return min;
    }
    if (value < min) {
      add(key + " = " + value + " is below " + min + ": " + fix);
      return min;
    }
    return value;
  }

  private <T> T read(String key, BiFunction<Config, String, T> getter, String expected) {
    try {
      return getter.apply(config, key);
    } catch (ConfigException.Missing e) {
      problems.add(key + " is missing: it must be " + expected);
    } catch (ConfigException e) {
      problems.add(key + " must be " + expected + " (" + e.getMessage() + ")");
    }
    return null;
  }
}
