package io.robustness.jobs.tables;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The result tables as Iceberg tables in a Spark catalog: {@code <name>.<namespace>.<table>},
 * partitioned by run_id, every column optional (so that a column added later reads as null in older
 * runs, as in the Parquet layout).
 */
public final class IcebergCatalog {

  /** The snapshot summary property that names the attempt that made a snapshot. */
  static final String ATTEMPT_PROPERTY = "robustness.attempt";

  private final SparkSession spark;
  private final String name;
  private final String type;
  private final String namespace;

  /** Tables this process made sure of: checked once, not before every commit. */
  private final Set<String> ensured = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private IcebergCatalog(SparkSession spark, String name, String type, String namespace) {
    this.spark = spark;
    this.name = name;
    this.type = type;
    this.namespace = namespace;
  }

  /**
   * Registers the catalog in the session (Spark loads a catalog on first use, so runtime settings
   * suffice) and returns it.
   *
   * @param properties the catalog's properties, each set as {@code spark.sql.catalog.<name>.<key>}
   *     (type or catalog-impl, uri, warehouse, ...); may hold secrets, never logged
   */
  public static IcebergCatalog open(
      SparkSession spark, String name, String namespace, Map<String, String> properties) {
    String prefix = "spark.sql.catalog." + name;
    spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    for (Map.Entry<String, String> p : properties.entrySet()) {
      spark.conf().set(prefix + "." + p.getKey(), p.getValue());
    }
    if (properties.containsKey("uri")) {
      createSqliteFolder(properties.get("uri"));
    }
    return new IcebergCatalog(
        spark, name, properties.getOrDefault("type", properties.get("catalog-impl")), namespace);
  }

  /** SQLite creates its file but not the folders above it. */
  private static void createSqliteFolder(String uri) {
    String sqlite = "jdbc:sqlite:";
    if (uri.startsWith(sqlite + "/")) {
      java.io.File parent = new java.io.File(uri.substring(sqlite.length())).getParentFile();
      if (parent != null) {
        parent.mkdirs();
      }
    }
  }

  /** The table's name for Spark SQL. */
  public String ident(String table) {
    return name + "." + namespace + "." + table;
  }

  /** Where the tables are, for messages (no secrets: the URI's user info is not shown). */
  public String describe() {
    return "Iceberg catalog " + name + " (" + type + "), namespace " + namespace;
  }

  public boolean exists(String table) {
    return spark.catalog().tableExists(ident(table));
  }

  /**
   * Creates the table when it is missing and adds the columns of {@link TableSchemas} it lacks
   * (tables made by an older version).
   */
  void ensure(String table) {
    if (ensured.contains(table)) {
      return;
    }
    StructType schema = TableSchemas.withRunId(table).asNullable();
    if (!exists(table)) {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS " + name + "." + namespace);
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + ident(table)
              + " ("
              + schema.toDDL()
              + ") USING iceberg PARTITIONED BY ("
              + Tables.RUN_ID
              + ")");
      ensured.add(table);
      return;
    }
    Set<String> present =
        new HashSet<>(Arrays.asList(spark.table(ident(table)).schema().fieldNames()));
    for (StructField field : schema.fields()) {
      if (!present.contains(field.name())) {
        spark.sql(
            "ALTER TABLE "
                + ident(table)
                + " ADD COLUMN "
                + field.name()
                + " "
                + field.dataType().sql());
      }
    }
    ensured.add(table);
  }

  /**
   * The table as {@link TableSchemas} describes it, run_id last: columns the table does not have
   * yet read as null.
   */
  public Dataset<Row> read(String table) {
    StructType schema = TableSchemas.withRunId(table);
    Dataset<Row> frame = spark.table(ident(table));
    Set<String> present = new HashSet<>(Arrays.asList(frame.schema().fieldNames()));
    Column[] columns =
        Arrays.stream(schema.fields())
            .map(
                f ->
                    present.contains(f.name())
                        // Same type; the table's columns are all nullable, which a cast to the
                        // schema's non-null element types would refuse.
                        ? functions.col(f.name())
                        : functions.lit(null).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    return frame.select(columns);
  }

  /**
   * Replaces the rows of run {@code runId} with {@code frame} (run_id added) in one Iceberg commit,
   * its snapshot tagged with {@code tag} when not null.
   */
  void overwriteRun(String table, Dataset<Row> frame, String runId, String tag) {
    var writer = writer(table, frame.withColumn(Tables.RUN_ID, functions.lit(runId)));
    if (tag != null) {
      writer = writer.option("snapshot-property." + ATTEMPT_PROPERTY, tag);
    }
    try {
      writer.overwrite(functions.col(Tables.RUN_ID).equalTo(functions.lit(runId)));
    } catch (NoSuchTableException e) {
      throw vanished(table, e);
    }
  }

  /**
   * Replaces the rows of every run that {@code rows} (carrying their run_id) holds, in one Iceberg
   * commit; other runs' rows stay.
   */
  void replaceRuns(String table, Dataset<Row> rows) {
    try {
      writer(table, rows).overwritePartitions();
    } catch (NoSuchTableException e) {
      throw vanished(table, e);
    }
  }

  /** Appends rows that carry their run_id, in one Iceberg commit. */
  void append(String table, Dataset<Row> rows) {
    try {
      writer(table, rows).append();
    } catch (NoSuchTableException e) {
      throw vanished(table, e);
    }
  }

  private org.apache.spark.sql.DataFrameWriterV2<Row> writer(String table, Dataset<Row> rows) {
    ensure(table);
    return rows.writeTo(ident(table));
  }

  private IllegalStateException vanished(String table, NoSuchTableException e) {
    return new IllegalStateException(ident(table) + " vanished while being written", e);
  }

  /** The status in the run's {@code runs} row, or null when it has none. */
  String runStatus(String runId) {
    if (!exists(Tables.RUNS)) {
      return null;
    }
    List<Row> rows =
        read(Tables.RUNS)
            .where(functions.col(Tables.RUN_ID).equalTo(runId))
            .select(Columns.STATUS)
            .collectAsList();
    return rows.isEmpty() ? null : rows.get(0).getString(0);
  }

  /** The table as Iceberg's API has it, fresh from the catalog. */
  Table table(String table) {
    try {
      Table t = Spark3Util.loadIcebergTable(spark, ident(table));
      t.refresh();
      return t;
    } catch (Exception e) { // ParseException, NoSuchTableException: checked, from Scala
      throw new IllegalStateException("cannot load Iceberg table " + ident(table), e);
    }
  }

  /** The id of the newest snapshot {@code attempt} committed to the table, or null. */
  Long snapshotBy(String table, String attempt) {
    Table t = table(table);
    Snapshot current = t.currentSnapshot();
    if (current != null && attempt.equals(current.summary().get(ATTEMPT_PROPERTY))) {
      return current.snapshotId();
    }
    Long found = null;
    long at = Long.MIN_VALUE;
    for (Snapshot s : t.snapshots()) {
      if (attempt.equals(s.summary().get(ATTEMPT_PROPERTY)) && s.sequenceNumber() > at) {
        found = s.snapshotId();
        at = s.sequenceNumber();
      }
    }
    return found;
  }
}
