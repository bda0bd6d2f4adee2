package io.robustness.jobs.cli;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.ConfigLoader;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.dataset.DatasetExport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness convert --conf FILE --to parquet|parquet-hf|webdataset --out URI}: the images
 * an audit's settings name (class folders or a manifest), written in another layout.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Write the dataset of an audit's settings (class folders or a manifest) as Parquet files "
            + "(image bytes in a binary column, or the Hugging Face image struct) or as WebDataset "
            + "shards, each image's bytes unchanged.")
final class ConvertCommand implements Callable<Integer> {

  @Mixin SettingsOptions settingsOptions;

  @Option(
      names = "--to",
      required = true,
      description = "parquet, parquet-hf or webdataset",
      converter = TargetConverter.class)
  DatasetExport.Target target;

  @Option(names = "--out", required = true, description = "the folder to create (must not exist)")
  String out;

  @Option(
      names = "--files",
      defaultValue = "4",
      description = "Parquet files or shards to write (default: ${DEFAULT-VALUE})")
  int files;

  @Override
  public Integer call() throws Exception {
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
