package io.robustness.jobs.config;

import java.util.Optional;

/**
 * {@code robustness.report}: whether the HTML report is written, where, and how many example images
 * the examples table keeps for it.
 *
 * @param uri where the report goes, or null for the default place under the output
 */
public record ReportSettings(boolean enabled, String uri, int examples) {

  static ReportSettings read(SettingsReader r) {
    Boolean enabled = r.bool(Keys.REPORT_ENABLED);
    return new ReportSettings(
        enabled == null || enabled,
        r.optionalLocation(Keys.REPORT_URI),
        r.atLeast(Keys.REPORT_EXAMPLES, 0, "use 0 for no example images, or a handful like 6"));
  }

  /** The location the user chose; empty means the output's default. */
  public Optional<String> chosenUri() {
    return Optional.ofNullable(uri);
  }
}
