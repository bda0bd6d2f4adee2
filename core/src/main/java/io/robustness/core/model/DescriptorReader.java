package io.robustness.core.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads a model descriptor's values without stopping at the first bad one: a missing value or one
 * of the wrong type is recorded as a problem naming the key, and yields null.
 */
final class DescriptorReader {

  private final Config config;
  private final String prefix;
  private final List<String> problems = new ArrayList<>();

  DescriptorReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  List<String> problems() {
    return problems;
  }

  Integer integer(String key) {
    return read(key, Config::getInt, "a whole number");
  }

  List<Double> doubles(String key) {
    return read(key, Config::getDoubleList, "a list of numbers, like [0.5, 0.5, 0.5]");
  }

  List<String> strings(String key) {
    return read(key, Config::getStringList, "a list of strings, like [\"cat\", \"dog\"]");
  }

  /**
   * A string, or {@code fallback} when the key is absent (keys added after descriptors existed).
   */
  String optionalString(String key, String fallback) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    return read(key, Config::getString, "a string");
  }

  void add(String problem) {
    problems.add(prefix + problem);
  }

  private <T> T read(String key, BiFunction<Config, String, T> getter, String expected) {
    try {
      return getter.apply(config, key);
    } catch (ConfigException.Missing e) {
      problems.add(prefix + key + " is missing: it must be " + expected);
    } catch (ConfigException e) {
      problems.add(prefix + key + " must be " + expected + " (" + e.getMessage() + ")");
    }
    return null;
  }
}
