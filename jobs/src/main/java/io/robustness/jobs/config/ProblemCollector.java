package io.robustness.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads settings without stopping at the first bad one: a value of the wrong type is recorded as a
 * problem naming the key and yields null, so every other key is still checked.
 */
final class ProblemCollector {

  private final Config config;
  private final List<String> problems = new ArrayList<>();

  ProblemCollector(Config config) {
    this.config = config;
  }

  void add(String problem) {
    problems.add(problem);
  }

  List<String> problems() {
    return problems;
  }

  boolean isEmpty() {
    return problems.isEmpty();
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

  Boolean bool(String key) {
    return read(key, Config::getBoolean, "true or false");
  }

  List<Double> doubles(String key) {
    return read(key, Config::getDoubleList, "a list of numbers, like [0, 0.01, 0.1]");
  }

  List<String> strings(String key) {
    return read(key, Config::getStringList, "a list of strings, like [\"cat\", \"dog\"]");
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
