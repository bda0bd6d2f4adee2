package io.robustness.jobs.dataset;

import io.robustness.jobs.config.Keys;
import io.robustness.jobs.config.LocalPaths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads a manifest (CSV with a header, or Parquet) with columns {@code path}, {@code label} and
 * optionally {@code target}. Labels and targets are class names or indices; relative paths are
 * resolved against the dataset root. Every bad row is a problem reported before scoring (the first
 * {@value #SHOWN_PROBLEMS} are listed).
 */
final class ManifestListing {

  static final int SHOWN_PROBLEMS = 20;

  /** The manifest's columns, as users write them. */
  private static final String PATH = "path";

  private static final String LABEL = "label";
  private static final String TARGET = "target";

  private ManifestListing() {}

  static Listing read(
      SparkSession spark,
      String manifestUri,
      String datasetUri,
      Classes classes,
      int defaultTarget,
      boolean targeted) {
    Dataset<Row> table = load(spark, manifestUri);
    List<String> columns = Arrays.asList(table.columns());
    List<String> problems = new ArrayList<>();
    if (!columns.contains(PATH) || !columns.contains(LABEL)) {
      problems.add(
          "manifest "
              + manifestUri
              + " has columns "
              + columns
              + ": it needs path and label (and "
              + "optionally target)");
      return new Listing(List.of(), Map.of(), problems);
    }
    Dataset<Row> rows =
        table.select(
            functions.col(PATH).cast("string"),
            functions.col(LABEL).cast("string"),
            columns.contains(TARGET)
                ? functions.col(TARGET).cast("string")
                : functions.lit(null).cast("string"));
    RowReader reader = new RowReader(datasetUri, classes, targeted, defaultTarget);
    List<WorkItem> items = new ArrayList<>();
    int bad = 0;
    int line = 0;
    for (Row row : rows.collectAsList()) {
      line++;
      try {
        items.add(reader.item(row));
      } catch (IllegalArgumentException e) {
        if (++bad <= SHOWN_PROBLEMS) {
          problems.add("manifest " + manifestUri + " row " + line + ": " + e.getMessage());
        }
      }
    }
    if (bad > SHOWN_PROBLEMS) {
      problems.add(
          "manifest " + manifestUri + ": " + (bad - SHOWN_PROBLEMS) + " more bad rows not shown");
    }
    return new Listing(items, Map.of(), problems);
  }

  private static Dataset<Row> load(SparkSession spark, String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      return spark.read().option("header", "true").option("mode", "FAILFAST").csv(uri);
    }
    return spark.read().parquet(uri);
  }

  /** Turns one (path, label, target) row into a work item, or says what is wrong with it. */
  private record RowReader(String root, Classes classes, boolean targeted, int defaultTarget) {

    WorkItem item(Row row) {
      String path = text(row, 0);
      if (path == null) {
        throw new IllegalArgumentException("path is empty");
      }
      String label = text(row, 1);
      int labelIndex = label == null ? -1 : classes.index(label);
      if (labelIndex < 0) {
        throw new IllegalArgumentException(
            "label "
                + (label == null
                    ? "is empty"
                    : "'"
                        + label
                        + "' is neither a class name of "
                        + Keys.MODEL_CLASSES
                        + " nor an index below "
                        + classes.count()));
      }
      int target = target(text(row, 2)); // checked even when untargeted: a bad manifest is bad
      return new WorkItem(resolve(path), labelIndex, targeted ? target : -1);
    }

    private int target(String target) {
      if (target == null) {
        if (targeted && defaultTarget == -1) {
          throw new IllegalArgumentException(
              "target is empty and " + Keys.ATTACK_TARGET_CLASS + " is not set");
        }
        return defaultTarget;
      }
      int index = classes.index(target);
      if (index < 0) {
        throw new IllegalArgumentException(
            "target '"
                + target
                + "' is neither a class name nor an index below "
                + classes.count());
      }
      return index;
    }

    private String resolve(String path) {
      return LocalPaths.isAbsolute(path) ? path : root.replaceFirst("/*$", "/") + path;
    }

    private static String text(Row row, int field) {
      return row.isNullAt(field) || row.getString(field).isBlank()
          ? null
          : row.getString(field).trim();
    }
  }
}
