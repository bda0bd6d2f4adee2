package io.robustness.jobs.config;

/** {@code robustness.output}: the root of the result tables. */
public record OutputSettings(String uri) {

  static OutputSettings read(SettingsReader r) {
    return new OutputSettings(
        r.location(Keys.OUTPUT_URI, "the folder or bucket prefix for the result tables"));
  }
}
