package io.robustness.jobs.config;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code robustness.run}: the run's id, given or made from its start, and the start itself.
 *
 * <p>A scheduler that cannot template a date (a Kubernetes ScheduledSparkApplication) still gets
 * one run per night: with {@code id-from = start-date} a rerun the same day replaces that day's
 * run. id-from and time-zone are checked even when the id is set, so that a bad value never waits
 * for the night it matters.
 */
public record RunSettings(String id, Instant startedAt, Duration staleAfter, Duration stopTimeout) {

  static final String FROM_START_TIME = "start-time";
  static final String FROM_START_DATE = "start-date";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final DateTimeFormatter START_TIME_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The lease is renewed every sixth of stale-after; below this it would renew too often. */
  static final Duration MIN_STALE_AFTER = Duration.ofSeconds(1);

  static RunSettings read(SettingsReader r, Clock clock) {
    Instant startedAt = clock.instant();
    String generated = generatedId(r, startedAt);
    Duration staleAfter = staleAfter(r);
    Duration stopTimeout = stopTimeout(r);
    String value = r.string(Keys.RUN_ID);
    if (value == null || value.isBlank()) {
      return new RunSettings(generated, startedAt, staleAfter, stopTimeout);
    }
    if (!ID.matcher(value).matches()) {
      r.add(
          Keys.RUN_ID
              + " = \""
              + value
              + "\" cannot name a table partition: use letters, digits, '.', '_' and '-', starting"
              + " with a letter or digit");
    }
    return new RunSettings(value, startedAt, staleAfter, stopTimeout);
  }

  private static Duration stopTimeout(SettingsReader r) {
    Duration d = r.duration(Keys.RUN_STOP_TIMEOUT);
    if (d == null) {
      return Duration.ZERO;
    }
    if (d.isNegative()) {
      r.add(
          Keys.RUN_STOP_TIMEOUT
              + " = "
              + d.toMillis()
              + " ms is negative: use a duration like 25s");
      return Duration.ZERO;
    }
    return d;
  }

  private static Duration staleAfter(SettingsReader r) {
    Duration d = r.duration(Keys.RUN_STALE_AFTER);
    if (d == null) {
      return Duration.ofMinutes(3);
    }
    if (d.compareTo(MIN_STALE_AFTER) < 0) {
      r.add(
          Keys.RUN_STALE_AFTER + " = " + d.toMillis() + " ms is below 1 s: use a duration like 3m");
      return MIN_STALE_AFTER;
    }
    return d;
  }

  private static String generatedId(SettingsReader r, Instant startedAt) {
    ZoneId zone = zone(r);
    String from = r.string(Keys.RUN_ID_FROM);
    if (FROM_START_DATE.equals(from)) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(startedAt.atZone(zone));
    }
    if (from != null && !from.equals(FROM_START_TIME)) {
      r.add(
          String.format(
              Locale.ROOT,
              "%s = \"%s\" is not one of \"%s\", \"%s\"",
              Keys.RUN_ID_FROM,
              from,
              FROM_START_TIME,
              FROM_START_DATE));
    }
    return START_TIME_ID.format(startedAt);
  }

  private static ZoneId zone(SettingsReader r) {
    String name = r.string(Keys.RUN_TIME_ZONE);
    if (name != null) {
      try {
        return ZoneId.of(name.trim());
      } catch (DateTimeException e) {
        r.add(
            Keys.RUN_TIME_ZONE
                + " = \""
                + name
                + "\" is not a time zone: use an IANA name like UTC or Europe/Berlin");
      }
    }
    return ZoneOffset.UTC;
  }
}
