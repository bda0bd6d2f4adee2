package io.robustness.jobs.audit;

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

  private ManifestListing() {}

  static Listing read(
      SparkSession spark,
      String manifestUri,
      String datasetUri,
      List<String> classes,
      int defaultTarget,
      boolean targeted) {
    Dataset<Row> table = load(spark, manifestUri);
    List<String> columns = Arrays.asList(table.columns());
    List<String> problems = new ArrayList<>();
    if (!columns.contains("path") || !columns.contains("label")) {
      problems.add(
          "manifest "
              + manifestUri
              + " has columns "
              + columns
              + ": it needs path and label (and "
              + "optionally target)");
      return new Listing(List.of(), Map.of(), problems);
    }
    boolean hasTarget = columns.contains("target");
    Dataset<Row> rows =
        table.select(
            functions.col("path").cast("string"),
            functions.col("label").cast("string"),
            hasTarget
                ? functions.col("target").cast("string")
                : functions.lit(null).cast("string"));
    List<WorkItem> items = new ArrayList<>();
    int bad = 0;
    int line = 0;
    for (Row row : rows.collectAsList()) {
      line++;
      String problem = checkRow(row, classes, targeted && defaultTarget < 0);
      if (problem != null) {
        if (++bad <= SHOWN_PROBLEMS) {
          problems.add("manifest " + manifestUri + " row " + line + ": " + problem);
        }
        continue;
      }
      int target =
          row.isNullAt(2) || row.getString(2).isBlank()
              ? defaultTarget
              : classIndex(row.getString(2), classes);
      items.add(
          new WorkItem(
              resolve(datasetUri, row.getString(0).trim()),
              classIndex(row.getString(1), classes),
              targeted ? target : -1));
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

  private static String checkRow(Row row, List<String> classes, boolean needsTarget) {
    if (row.isNullAt(0) || row.getString(0).isBlank()) {
      return "path is empty";
    }
    if (row.isNullAt(1) || classIndex(row.getString(1), classes) < 0) {
      return "label "
          + (row.isNullAt(1)
              ? "is empty"
              : "'"
                  + row.getString(1)
                  + "' is neither a class name of "
                  + "robustness.model.classes nor an index below "
                  + classes.size());
    }
    boolean noTarget = row.isNullAt(2) || row.getString(2).isBlank();
    if (noTarget && needsTarget) {
      return "target is empty and robustness.attack.target-class is not set";
    }
    if (!noTarget && classIndex(row.getString(2), classes) < 0) {
      return "target '"
          + row.getString(2)
          + "' is neither a class name nor an index below "
          + classes.size();
    }
    return null;
  }

  static int classIndex(String value, List<String> classes) {
    String trimmed = value.trim();
    int index = classes.indexOf(trimmed);
    if (index >= 0) {
      return index;
    }
    if (trimmed.matches("\\d{1,9}")) {
      int parsed = Integer.parseInt(trimmed);
      return parsed < classes.size() ? parsed : -1;
    }
    return -1;
  }

  private static String resolve(String root, String path) {
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || path.startsWith("/")) {
      return path;
    }
    return root.replaceFirst("/*$", "/") + path;
  }
}
