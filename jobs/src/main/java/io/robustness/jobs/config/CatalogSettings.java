package io.robustness.jobs.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code robustness.output.catalog}: the Iceberg catalog that holds the tables when the format is
 * iceberg, as a Spark catalog.
 *
 * @param name the Spark catalog name
 * @param type hadoop, jdbc, rest, hive or glue
 * @param uri the catalog service (JDBC URL, REST URL, metastore URI), or null
 * @param warehouse where table data and metadata go, or null
 * @param namespace the namespace of the tables
 * @param properties more catalog properties; may hold secrets: never log or store the values
 */
public record CatalogSettings(
    String name,
    String type,
    String uri,
    String warehouse,
    String namespace,
    Map<String, String> properties) {

  public static final List<String> TYPES = List.of("hadoop", "jdbc", "rest", "hive", "glue");

  /**
   * The AWS SDK's Glue client: Iceberg's Spark runtime has the Glue catalog but not the SDK, which
   * iceberg-aws-bundle brings.
   */
  static final String GLUE_CLIENT = "software.amazon.awssdk.services.glue.GlueClient";

  static final String SQLITE = "jdbc:sqlite:";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public CatalogSettings {
    properties = Map.copyOf(properties);
  }

  /**
   * The catalog's properties as Spark takes them, each to be set as {@code
   * spark.sql.catalog.<name>.<key>}: its type (or Glue's implementation), uri, warehouse and the
   * free-form properties. May hold secrets.
   */
  public Map<String, String> sparkProperties() {
    Map<String, String> out = new TreeMap<>();
    if ("glue".equals(type)) {
      out.put("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog");
    } else {
      out.put("type", type);
    }
    if (uri != null) {
      out.put("uri", uri);
    }
    if (warehouse != null) {
      out.put("warehouse", warehouse);
    }
    out.putAll(properties);
    return out;
  }

  /** Iceberg's Spark catalog, in Iceberg's Spark runtime jar. */
  static final String SPARK_CATALOG = "org.apache.iceberg.spark.SparkCatalog";

  /** SQLite's JDBC driver. */
  static final String SQLITE_DRIVER = "org.sqlite.JDBC";

  /** Reads the section; problems go to {@code r}. */
  static CatalogSettings read(SettingsReader r) {
    if (!onClassPath(SPARK_CATALOG)) {
      r.add(
          Keys.OUTPUT_FORMAT
              + " = iceberg needs Iceberg's Spark runtime on the class path: spark-submit --jars"
              + " iceberg-spark-runtime-4.1_2.13-1.11.0.jar (jobs/target/lib has it;"
              + " deploy/local/robustness and the image include it)");
    }
    String name = identifier(r, Keys.OUTPUT_CATALOG_NAME);
    if ("spark_catalog".equalsIgnoreCase(name)) {
      r.add(
          Keys.OUTPUT_CATALOG_NAME
              + " = spark_catalog is Spark's session catalog: name the Iceberg catalog otherwise"
              + " (like robustness_catalog)");
    }
    String namespace = identifier(r, Keys.OUTPUT_CATALOG_NAMESPACE);
    String type = r.string(Keys.OUTPUT_CATALOG_TYPE);
    String uri = sqliteResolved(r, blankToNull(r.string(Keys.OUTPUT_CATALOG_URI)));
    String warehouse = r.optionalLocation(Keys.OUTPUT_CATALOG_WAREHOUSE);
    if (type != null) {
      type = type.trim().toLowerCase(java.util.Locale.ROOT);
      if (!TYPES.contains(type)) {
        r.add(Keys.OUTPUT_CATALOG_TYPE + " = " + type + " is not one of " + TYPES);
      }
      if (List.of("hadoop", "jdbc", "glue").contains(type) && warehouse == null) {
        r.add(
            Keys.OUTPUT_CATALOG_WAREHOUSE
                + " is not set: a "
                + type
                + " catalog needs the folder or bucket prefix for its tables");
      }
      if (List.of("jdbc", "rest").contains(type) && uri == null) {
        r.add(
            Keys.OUTPUT_CATALOG_URI
                + " is not set: a "
                + type
                + " catalog needs its "
                + ("jdbc".equals(type) ? "JDBC URL (jdbc:sqlite:/path/catalog.db)" : "URL"));
      }
      if ("glue".equals(type) && !onClassPath(GLUE_CLIENT)) {
        r.add(
            Keys.OUTPUT_CATALOG_TYPE
                + " = glue needs Iceberg's AWS bundle (org.apache.iceberg:iceberg-aws-bundle) on"
                + " the class path: add it with spark-submit --jars or --packages");
      }
    }
    return new CatalogSettings(
        name,
        type,
        uri,
        warehouse,
        namespace,
        r.singleValues(Keys.OUTPUT_CATALOG_PROPERTIES, "\"s3.endpoint\" = \"http://...\""));
  }

  private static String identifier(SettingsReader r, String key) {
    String value = r.string(key);
    if (value != null && !IDENTIFIER.matcher(value).matches()) {
      r.add(key + " = \"" + value + "\" is not an SQL identifier (letters, digits, '_')");
    }
    return value;
  }

  /** A SQLite catalog's relative file is resolved like every local path of the settings. */
  private static String sqliteResolved(SettingsReader r, String uri) {
    if (uri == null || !uri.startsWith(SQLITE)) {
      return uri;
    }
    if (!onClassPath(SQLITE_DRIVER)) {
      r.add(
          Keys.OUTPUT_CATALOG_URI
              + " names a SQLite catalog but SQLite's JDBC driver is not on the class path:"
              + " spark-submit --jars sqlite-jdbc-*.jar (jobs/target/lib has it)");
    }
    String file = uri.substring(SQLITE.length());
    if (file.isEmpty() || file.startsWith(":") || LocalPaths.isAbsolute(file)) {
      return uri;
    }
    String resolved = LocalPaths.resolve(r.config(), Keys.OUTPUT_CATALOG_URI, file);
    return SQLITE + resolved.substring("file://".length());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, CatalogSettings.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
