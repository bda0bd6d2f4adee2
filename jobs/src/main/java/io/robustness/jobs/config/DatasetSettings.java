package io.robustness.jobs.config;

import java.util.List;
import java.util.Locale;

/**
 * {@code robustness.dataset}: where the images are and how they are laid out.
 *
 * @param manifestUri the manifest file, or null in layout class-folders
 * @param extensions lower case, without dots
 * @param partitions requested partitions; 0 means Spark's default parallelism
 * @param readConcurrency threads per task reading and decoding images ahead of the attack
 */
public record DatasetSettings(
    String uri,
    DatasetLayout layout,
    String manifestUri,
    List<String> extensions,
    int partitions,
    long maxPixels,
    int readConcurrency) {

  static DatasetSettings read(SettingsReader r) {
    String uri = r.location(Keys.DATASET_URI, "the folder or bucket prefix holding the images");
    DatasetLayout layout = layout(r);
    String manifest = r.optionalLocation(Keys.DATASET_MANIFEST);
    if (layout == DatasetLayout.MANIFEST && manifest == null) {
      r.add(
          Keys.DATASET_MANIFEST
              + " is not set but "
              + Keys.DATASET_LAYOUT
              + " is manifest: set it to a CSV or Parquet file with columns path,label[,target]");
    }
    return new DatasetSettings(
        uri,
        layout,
        manifest,
        extensions(r),
        r.atLeast(Keys.DATASET_PARTITIONS, 0, "use 0 for one partition per executor core"),
        maxPixels(r),
        r.atLeast(
            Keys.DATASET_READ_CONCURRENCY,
            0,
            "use 0 to read on the scoring thread, or a number of reader threads like 16"));
  }

  private static DatasetLayout layout(SettingsReader r) {
    String value = r.string(Keys.DATASET_LAYOUT);
    if (value == null) {
      return null;
    }
    return DatasetLayout.parse(value)
        .orElseGet(
            () -> {
              r.add(
                  Keys.DATASET_LAYOUT
                      + " = \""
                      + value
                      + "\" is not a layout: use class-folders or manifest");
              return null;
            });
  }

  private static List<String> extensions(SettingsReader r) {
    List<String> values =
        r.nonEmptyStrings(
            Keys.DATASET_EXTENSIONS,
            "no file would be read; list image extensions like [\"png\", \"jpg\"]");
    return values.stream().map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "")).toList();
  }

  private static long maxPixels(SettingsReader r) {
    Long value = r.longValue(Keys.DATASET_MAX_PIXELS);
    if (value != null && value <= 0) {
      r.add(Keys.DATASET_MAX_PIXELS + " = " + value + " must be positive, like 100000000");
    }
    return value == null || value <= 0 ? 1 : value;
  }
}
