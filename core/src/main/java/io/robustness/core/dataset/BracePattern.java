package io.robustness.core.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shard name patterns as WebDataset writes them: {@code train-{000000..000099}.tar} (a numeric
 * range, zero-padded to the width of its first bound) or {@code {train,val}-0.tar} (a list).
 * Several braces multiply out, left to right.
 */
public final class BracePattern {

  /** Patterns that would name more shards than this are refused as typos. */
  public static final int MAX_NAMES = 10_000_000;

  private BracePattern() {}

  public static boolean hasBraces(String pattern) {
    return pattern.indexOf('{') >= 0;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the pattern
   */
  public static List<String> expand(String pattern) {
    int open = pattern.indexOf('{');
    if (open < 0) {
      if (pattern.indexOf('}') >= 0) {
        throw new IllegalArgumentException("'}' without '{' in " + pattern);
      }
      return List.of(pattern);
    }
    int close = pattern.indexOf('}', open);
    if (close < 0) {
      throw new IllegalArgumentException("'{' without '}' in " + pattern);
    }
    List<String> choices = choices(pattern.substring(open + 1, close), pattern);
    List<String> rest = expand(pattern.substring(close + 1));
    if ((long) choices.size() * rest.size() > MAX_NAMES) {
      throw new IllegalArgumentException(pattern + " names more than " + MAX_NAMES + " shards");
    }
    String head = pattern.substring(0, open);
    List<String> out = new ArrayList<>(choices.size() * rest.size());
    for (String choice : choices) {
      for (String tail : rest) {
        out.add(head + choice + tail);
      }
    }
    return out;
  }

  private static List<String> choices(String body, String pattern) {
    int dots = body.indexOf("..");
    if (dots < 0) {
      if (body.isEmpty() || body.indexOf('{') >= 0) {
        throw new IllegalArgumentException("empty or nested braces in " + pattern);
      }
      return List.of(body.split(",", -1));
    }
    String from = body.substring(0, dots);
    String to = body.substring(dots + 2);
    if (!from.matches("\\d+") || !to.matches("\\d+")) {
      throw new IllegalArgumentException(
          "{" + body + "} in " + pattern + " is not a range of whole numbers like {000..099}");
    }
    long first = Long.parseLong(from);
    long last = Long.parseLong(to);
    if (last < first) {
      throw new IllegalArgumentException("{" + body + "} in " + pattern + " counts down");
    }
    if (last - first >= MAX_NAMES) {
      throw new IllegalArgumentException(pattern + " names more than " + MAX_NAMES + " shards");
    }
    String format = from.length() > 1 && from.startsWith("0") ? "%0" + from.length() + "d" : "%d";
    List<String> out = new ArrayList<>((int) (last - first + 1));
    for (long n = first; n <= last; n++) {
      out.add(String.format(Locale.ROOT, format, n));
    }
    return out;
  }
}
