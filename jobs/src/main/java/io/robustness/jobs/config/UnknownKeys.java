package io.robustness.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Finds settings under {@code robustness} that reference.conf does not know, most often typos. */
final class UnknownKeys {

  private UnknownKeys() {}

  static List<String> problems(Config config) {
    Config reference = ConfigFactory.defaultReference().getConfig(Keys.ROOT);
    Set<String> known =
        reference.entrySet().stream().map(e -> e.getKey()).collect(Collectors.toSet());
    List<String> out = new ArrayList<>();
    if (!config.hasPath(Keys.ROOT)) {
      return out;
    }
    config.getConfig(Keys.ROOT).entrySet().stream()
        .map(e -> e.getKey())
        .filter(key -> !known.contains(key) && !isFreeForm(key))
        .sorted()
        .forEach(
            key ->
                out.add(
                    Keys.ROOT
                        + "."
                        + key
                        + " is not a setting; did you mean "
                        + Keys.ROOT
                        + "."
                        + closest(key, known)
                        + "? (see reference.conf)"));
    return out;
  }

  /** Sections whose keys belong to another system (Hadoop, the Iceberg catalog). */
  private static boolean isFreeForm(String key) {
    return key.startsWith(Keys.relative(Keys.HADOOP) + ".")
        || key.startsWith(Keys.relative(Keys.OUTPUT_CATALOG_PROPERTIES) + ".");
  }

  private static String closest(String key, Set<String> known) {
    return known.stream().min(Comparator.comparingInt(k -> distance(key, k))).orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
