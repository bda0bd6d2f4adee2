package io.robustness.jobs.cli;

import io.robustness.jobs.config.ConfigLoader;
import io.robustness.jobs.config.Keys;
import io.robustness.jobs.config.OutputSettings;
import io.robustness.jobs.config.TableFormat;
import io.robustness.jobs.errors.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the tables are, for the commands that work on existing tables: a Parquet output root, or
 * the settings file of the audits that wrote them (its {@code robustness.output} section: uri,
 * format, catalog).
 */
final class OutputOption {

  @Option(
      names = "--output",
      paramLabel = "URI",
      description = "root of the result tables; with --conf, overrides robustness.output.uri")
  String uri;

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description =
          "settings file whose robustness.output section names the tables (needed for Iceberg)")
  Path conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting")
  List<String> sets = new ArrayList<>();

  /**
   * @throws UsageException when neither --output nor --conf says where the tables are
   * @throws io.robustness.jobs.config.SettingsException when the settings are wrong
   */
  OutputSettings settings() {
    if (conf == null && sets.isEmpty()) {
      if (uri == null) {
        throw new UsageException("say where the tables are: --output URI or --conf FILE");
      }
      return new OutputSettings(uri, List.of(), TableFormat.PARQUET, null);
    }
    List<String> all = new ArrayList<>(sets);
    if (uri != null) {
      all.add(Keys.OUTPUT_URI + "=" + quoted());
    }
    return OutputSettings.of(ConfigLoader.load(conf, all));
  }

  private String quoted() {
    return "\"" + uri.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** These options as command-line arguments again, for running another reading command. */
  List<String> asArguments() {
    List<String> out = new ArrayList<>();
    if (uri != null) {
      out.add("--output");
      out.add(uri);
    }
    if (conf != null) {
      out.add("--conf");
      out.add(conf.toString());
    }
    for (String set : sets) {
      out.add("--set");
      out.add(set);
    }
    return out;
  }
}
