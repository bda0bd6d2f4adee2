package io.robustness.jobs.cli;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.ConfigLoader;
import io.robustness.jobs.config.OutputSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.config.TableFormat;
import io.robustness.jobs.dataset.DatasetExport;
import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.output.OutputTables;
import io.robustness.jobs.tables.ResultsCopy;
import io.robustness.jobs.tables.TableReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness convert --conf FILE --to parquet|parquet-hf|webdataset --out URI}: the images
 * an audit's settings name (class folders or a manifest), written in another layout. And {@code
 * robustness convert --tables-from URI | --tables-from-conf FILE --conf FILE}: the result tables of
 * one output copied into those that {@code --conf}'s {@code robustness.output} names, in its format
 * (Parquet folders into an Iceberg catalog, or back).
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Write the dataset of an audit's settings (class folders or a manifest) as Parquet files "
            + "(image bytes in a binary column, or the Hugging Face image struct) or as WebDataset "
            + "shards, each image's bytes unchanged; or, with --tables-from or --tables-from-conf,"
            + " copy the committed runs of existing result tables into the tables that --conf's"
            + " robustness.output names, in its format (Parquet <-> Iceberg).")
final class ConvertCommand implements Callable<Integer> {

  @Mixin SettingsOptions settingsOptions;

  @Option(
      names = "--to",
      description = "parquet, parquet-hf or webdataset (images)",
      converter = TargetConverter.class)
  DatasetExport.Target target;

  @Option(names = "--out", description = "the folder to create (must not exist)")
  String out;

  @Option(
      names = "--tables-from",
      paramLabel = "URI",
      description = "copy the result tables under this Parquet output root (instead of images)")
  String tablesFrom;

  @Option(
      names = "--tables-from-conf",
      paramLabel = "FILE",
      description =
          "copy the result tables that this settings file's robustness.output names, in its"
              + " format (instead of images)")
  Path tablesFromConf;

  @Option(
      names = "--files",
      defaultValue = "4",
      description = "Parquet files or shards to write (default: ${DEFAULT-VALUE})")
  int files;

  @Override
  public Integer call() throws Exception {
    if (tablesFrom != null || tablesFromConf != null) {
      return copyTables();
    }
    if (target == null || out == null) {
      System.err.println(
          "say what to write: --to parquet|parquet-hf|webdataset --out URI (images), or"
              + " --tables-from URI | --tables-from-conf FILE (result tables)");
      return ExitCodes.USAGE;
    }
    AuditSettings settings;
    try {
      settings = AuditSettings.from(ConfigLoader.load(settingsOptions.conf, settingsOptions.sets));
    } catch (SettingsException e) {
      System.err.println(e.getMessage());
      return ExitCodes.USAGE;
    }
    try (CommandSession session = CommandSession.start("robustness convert")) {
      long written = DatasetExport.write(session.spark(), settings, target, out, files);
      System.out.println(out + ": wrote " + written + " images as " + label(target));
      return ExitCodes.OK;
    } catch (SettingsException e) {
      System.err.println(e.getMessage());
      return ExitCodes.USAGE;
    }
  }

  private int copyTables() {
    OutputSettings from;
    OutputSettings to;
    try {
      if (tablesFrom != null && tablesFromConf != null) {
        throw new UsageException("give --tables-from or --tables-from-conf, not both");
      }
      if (target != null || out != null) {
        throw new UsageException("--to and --out write images: leave them out to copy tables");
      }
      from =
          tablesFrom != null
              ? new OutputSettings(tablesFrom, List.of(), TableFormat.PARQUET, null)
              : OutputSettings.of(ConfigLoader.load(tablesFromConf, List.of()));
      to = OutputSettings.of(ConfigLoader.load(settingsOptions.conf, settingsOptions.sets));
      checkDistinct(from, to);
    } catch (SettingsException | UsageException e) {
      System.err.println(e.getMessage());
      return ExitCodes.USAGE;
    }
    try (CommandSession session = CommandSession.start("robustness convert")) {
      TableReader source = OutputTables.reader(session.spark(), from);
      TableReader destination = OutputTables.reader(session.spark(), to);
      if (!source.exists()) {
        System.err.println(source.describe() + " holds no result tables");
        return ExitCodes.USAGE;
      }
      ResultsCopy.Copied copied = ResultsCopy.copy(session.spark(), source, destination);
      System.out.printf(
          java.util.Locale.ROOT,
          "copied %d runs from %s into %s (%d already there, left as they were)%n",
          copied.runs().size(),
          source.describe(),
          destination.describe(),
          copied.alreadyThere().size());
      copied
          .rows()
          .forEach((table, rows) -> System.out.println("  " + table + ": " + rows + " rows"));
      return ExitCodes.OK;
    }
  }

  /** Copying tables onto themselves, or two catalogs under one Spark name, cannot be done. */
  private static void checkDistinct(OutputSettings from, OutputSettings to) {
    if (from.format() != to.format()) {
      return;
    }
    if (from.format() == TableFormat.PARQUET) {
      if (Objects.equals(from.uri().replaceFirst("/+$", ""), to.uri().replaceFirst("/+$", ""))) {
        throw new UsageException("the tables under " + from.uri() + " are the target already");
      }
      return;
    }
    if (from.catalog().name().equals(to.catalog().name())) {
      if (from.catalog().equals(to.catalog())) {
        throw new UsageException(
            "catalog "
                + from.catalog().name()
                + ", namespace "
                + from.catalog().namespace()
                + " is the target already");
      }
      if (!from.catalog().sparkProperties().equals(to.catalog().sparkProperties())) {
        throw new UsageException(
            "the source and the target are two catalogs both named "
                + from.catalog().name()
                + ": rename one (robustness.output.catalog.name), as Spark knows a catalog by name");
      }
    }
  }

  private static String label(DatasetExport.Target target) {
    return target.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** parquet-hf as well as PARQUET_HF. */
  static final class TargetConverter
      implements picocli.CommandLine.ITypeConverter<DatasetExport.Target> {
    @Override
    public DatasetExport.Target convert(String value) {
      return DatasetExport.Target.valueOf(
          value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
  }
}
