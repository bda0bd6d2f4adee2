package io.robustness.jobs.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as a secret and how it is hidden: any setting whose key contains secret, password,
 * token, credential or an access key spelling has its value replaced before it reaches a log, a
 * table or a report; user info in URIs ({@code s3a://KEY:SECRET@bucket}) is stripped the same way.
 */
public final class Secrets {

  public static final String REDACTED = "*****";

  private static final List<String> MARKERS =
      List.of(
          "secret",
          "password",
          "passwd",
          "token",
          "credential",
          "access.key",
          "access-key",
          "access_key",
          "accesskey",
          "session.key",
          "signature");
  private static final Pattern URI_USER_INFO =
      Pattern.compile("(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

  private Secrets() {}

  /** True when a setting with this key must never be shown. */
  public static boolean isSecretKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return MARKERS.stream().anyMatch(lower::contains);
  }

  /** The value as it may be shown for this key. */
  public static String shown(String key, String value) {
    return isSecretKey(key) ? REDACTED : stripUserInfo(value);
  }

  /** Removes {@code user:password@} from every URI in the text. */
  public static String stripUserInfo(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = URI_USER_INFO.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group("scheme") + REDACTED + "@"));
    }
    return m.appendTail(out).toString();
  }
}
