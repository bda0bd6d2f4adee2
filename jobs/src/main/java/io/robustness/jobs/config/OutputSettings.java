package io.robustness.jobs.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * {@code robustness.output}: the root of the result tables (with Iceberg: of the run's working
 * files), which epsilons' adversarial images the audit exports, and how the tables are stored.
 *
 * @param adversarialEpsilons epsilons of the grid whose adversarial images go to the
 *     adversarial_examples table; empty: none
 * @param catalog the Iceberg catalog, or null when the format is parquet
 * @param registerDatabase the database of the Spark session's catalog that each committed run is
 *     registered in ({@code robustness.output.register}), or null: not registered
 */
public record OutputSettings(
    String uri,
    List<Double> adversarialEpsilons,
    TableFormat format,
    CatalogSettings catalog,
    String registerDatabase) {

  public OutputSettings {
    adversarialEpsilons = List.copyOf(adversarialEpsilons);
  }

  /** Tables that are not registered anywhere. */
  public OutputSettings(
      String uri, List<Double> adversarialEpsilons, TableFormat format, CatalogSettings catalog) {
    this(uri, adversarialEpsilons, format, catalog, null);
  }

  /**
   * Only the {@code robustness.output} section, for the commands that read existing tables.
   *
   * @throws SettingsException naming every problem of the section
   */
  public static OutputSettings of(Config config) {
    SettingsReader r = new SettingsReader(config);
    OutputSettings output = read(r, null);
    if (!r.problems().isEmpty()) {
      throw new SettingsException(r.problems());
    }
    return output;
  }

  /** The format and catalog of an {@code robustness.output} section; problems go to {@code r}. */
  static OutputSettings withFormat(SettingsReader r, String uri, List<Double> export) {
    String value = r.string(Keys.OUTPUT_FORMAT);
    TableFormat format = value == null ? null : TableFormat.parse(value).orElse(null);
    if (value != null && format == null) {
      r.add(Keys.OUTPUT_FORMAT + " = " + value + " is not one of " + TableFormat.choices());
    }
    Boolean register = r.bool(Keys.OUTPUT_REGISTER);
    String database = r.string(Keys.OUTPUT_REGISTER_DATABASE);
    if (database != null && !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      r.add(
          Keys.OUTPUT_REGISTER_DATABASE
              + " = \""
              + database
              + "\" is not an SQL identifier (letters, digits, '_')");
    }
    if (Boolean.TRUE.equals(register) && format != TableFormat.PARQUET) {
      r.add(
          Keys.OUTPUT_REGISTER
              + " = true registers Parquet folders; Iceberg tables are in their catalog already:"
              + " set it to false");
    }
    String registerDatabase = Boolean.TRUE.equals(register) ? database : null;
    if (format == TableFormat.PARQUET) {
      return new OutputSettings(uri, export, format, null, registerDatabase);
    }
    // Checked for a misspelled format too, so that every problem is reported at once.
    return new OutputSettings(uri, export, format, CatalogSettings.read(r), registerDatabase);
  }

  /**
   * @param grid the attack's epsilons, or null when they are invalid (then only the values are
   *     checked)
   */
  static OutputSettings read(SettingsReader r, List<Double> grid) {
    String uri = r.location(Keys.OUTPUT_URI, "the folder or bucket prefix for the result tables");
    List<Double> export = r.doubles(Keys.OUTPUT_ADVERSARIAL_EPSILONS);
    if (export == null) {
      return withFormat(r, uri, List.of());
    }
    for (double eps : export) {
      if (grid != null && !grid.contains(eps)) {
        r.add(
            Keys.OUTPUT_ADVERSARIAL_EPSILONS
                + " contains "
                + eps
                + ", which is not on "
                + Keys.ATTACK_EPSILONS
                + " "
                + grid
                + ": export epsilons the attack runs");
      }
    }
    return withFormat(r, uri, export.stream().distinct().sorted().toList());
  }
}
