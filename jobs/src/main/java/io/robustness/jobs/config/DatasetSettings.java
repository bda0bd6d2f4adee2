package io.robustness.jobs.config;

import com.typesafe.config.ConfigFactory;
import io.robustness.core.dataset.BracePattern;
import io.robustness.core.dataset.SampleRule;
import java.util.List;
import java.util.Locale;

/**
 * {@code robustness.dataset}: where the images are, how they are laid out, and which of them a run
 * scores.
 *
 * @param manifestUri the manifest file, or null unless the layout is manifest
 * @param extensions lower case, without dots
 * @param partitions requested partitions; 0 means Spark's default parallelism
 * @param readConcurrency threads per task reading and decoding images ahead of the attack
 * @param imageColumn in layout parquet: the column of encoded image bytes
 * @param labelColumn in layout parquet: the column of class indices or names
 * @param idColumn in layout parquet: the column naming each image, or null for {@code <file>#<row>}
 * @param sample which images are scored
 */
public record DatasetSettings(
    String uri,
    DatasetLayout layout,
    String manifestUri,
    List<String> extensions,
    int partitions,
    long maxPixels,
    int readConcurrency,
    String imageColumn,
    String labelColumn,
    String idColumn,
    SampleRule sample) {

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
    if (uri != null && BracePattern.hasBraces(uri)) {
      checkBraces(r, uri, layout);
    }
    return new DatasetSettings(
        uri,
        layout,
        layout == DatasetLayout.MANIFEST ? manifest : null,
        extensions(r, layout),
        r.atLeast(Keys.DATASET_PARTITIONS, 0, "use 0 for one partition per executor core"),
        maxPixels(r),
        r.atLeast(
            Keys.DATASET_READ_CONCURRENCY,
            0,
            "use 0 to read on the scoring thread, or a number of reader threads like 16"),
        column(r, Keys.DATASET_IMAGE_COLUMN, "image"),
        column(r, Keys.DATASET_LABEL_COLUMN, "label"),
        optionalColumn(r),
        sample(r));
  }

  private static void checkBraces(SettingsReader r, String uri, DatasetLayout layout) {
    if (layout != DatasetLayout.WEBDATASET) {
      r.add(
          Keys.DATASET_URI
              + " = "
              + uri
              + " has a brace pattern, which only layout webdataset expands: name a folder");
      return;
    }
    try {
      BracePattern.expand(uri);
    } catch (IllegalArgumentException e) {
      r.add(Keys.DATASET_URI + ": " + e.getMessage());
    }
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
                      + "\" is not a layout: use one of "
                      + DatasetLayout.choices());
              return null;
            });
  }

  private static String column(SettingsReader r, String key, String example) {
    String value = r.string(key);
    if (value != null && value.isBlank()) {
      r.add(key + " is empty: name the Parquet column, like \"" + example + "\"");
    }
    return value == null ? example : value.trim();
  }

  private static String optionalColumn(SettingsReader r) {
    String value = r.string(Keys.DATASET_ID_COLUMN);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static SampleRule sample(SettingsReader r) {
    Double fraction = r.number(Keys.DATASET_SAMPLE_FRACTION);
    Long perClass = r.longValue(Keys.DATASET_SAMPLE_PER_CLASS);
    Long seed = r.longValue(Keys.DATASET_SAMPLE_SEED);
    boolean ok = true;
    if (fraction != null && !(fraction > 0 && fraction <= 1)) {
      r.add(
          Keys.DATASET_SAMPLE_FRACTION
              + " = "
              + fraction
              + " must be above 0 and at most 1, like 0.1 for a tenth of the images");
      ok = false;
    }
    if (perClass != null && perClass < 0) {
      r.add(
          Keys.DATASET_SAMPLE_PER_CLASS
              + " = "
              + perClass
              + " is below 0: use 0 for no cap, or the most images to score per class");
      ok = false;
    }
    if (!ok || fraction == null || perClass == null || seed == null) {
      return SampleRule.ALL;
    }
    return new SampleRule(fraction, perClass == 0 ? SampleRule.UNLIMITED : perClass, seed);
  }

  private static List<String> extensions(SettingsReader r, DatasetLayout layout) {
    List<String> values =
        r.nonEmptyStrings(
            Keys.DATASET_EXTENSIONS,
            "no file would be read; list image extensions like [\"png\", \"jpg\"]");
    if (values == null) {
      return List.of();
    }
    List<String> extensions =
        values.stream().map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "")).toList();
    List<String> defaults = ConfigFactory.defaultReference().getStringList(Keys.DATASET_EXTENSIONS);
    if (layout != null && layout != DatasetLayout.CLASS_FOLDERS && !extensions.equals(defaults)) {
      // A manifest names its files and Parquet rows and shard members carry their images: a filter
      // here would drop listed images silently.
      r.add(
          Keys.DATASET_EXTENSIONS
              + " = "
              + values
              + " only filters class folders, not layout "
              + layout.configName()
              + ": remove it");
    }
    return extensions;
  }

  private static long maxPixels(SettingsReader r) {
    Long value = r.longValue(Keys.DATASET_MAX_PIXELS);
    if (value != null && value <= 0) {
      r.add(Keys.DATASET_MAX_PIXELS + " = " + value + " must be positive, like 100000000");
    }
    return value == null || value <= 0 ? 1 : value;
  }
}
