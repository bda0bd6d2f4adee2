package io.robustness.jobs.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the result tables of an output root with their known schemas: run_id stays a string
 * whatever it looks like, older runs missing a newer column read as null, and a table with no run
 * yet is an empty table rather than an error.
 */
public final class TableReader {

  private static final String PARALLEL_LISTING_THRESHOLD =
      "spark.sql.sources.parallelPartitionDiscovery.threshold";
  private static final String LOCAL_LISTING_THRESHOLD = "100000";

  /** The command name audits give their attempts. */
  private static final String AUDIT = "audit";

  private final SparkSession spark;
  private final OutputRoot output;

  /** The Iceberg catalog holding the tables, or null: Parquet folders under the output root. */
  private final IcebergCatalog iceberg;

  public TableReader(SparkSession spark, String outputUri) {
    this(spark, outputUri, null);
  }

  /**
   * @param iceberg the catalog holding the tables, or null when they are Parquet folders under
   *     {@code outputUri}
   */
  public TableReader(SparkSession spark, String outputUri, IcebergCatalog iceberg) {
    this.spark = spark;
    this.output = OutputRoot.open(spark, outputUri);
    this.iceberg = iceberg;
    if (iceberg == null && "file".equals(output.root().toUri().getScheme())) {
      // Spark lists a table's run folders with a Spark job once there are more than 32: on local
      // disk that job costs far more than listing (a year of runs: query 18 s -> 4 s). Object
      // stores keep the parallel listing, which there saves round trips.
      spark.conf().set(PARALLEL_LISTING_THRESHOLD, LOCAL_LISTING_THRESHOLD);
    }
  }

  /** The table, with run_id as its last column. */
  public Dataset<Row> read(String table) {
    StructType schema = schema(table);
    if (!hasData(table)) {
      return spark.createDataFrame(List.of(), schema);
    }
    if (iceberg != null) {
      return iceberg.read(table);
    }
    return spark.read().schema(schema).parquet(output.table(table).toString());
  }

  /** The catalog of Iceberg tables, or null for Parquet folders. */
  IcebergCatalog iceberg() {
    return iceberg;
  }

  OutputRoot output() {
    return output;
  }

  /** Where the tables are, for messages. */
  public String describe() {
    return iceberg != null ? iceberg.describe() : output.root().toString();
  }

  /**
   * Registers the tables a query names as temporary views named after them: opening a table lists
   * its run folders, so a query over one table of a year of runs opens only that one.
   */
  public void registerViewsFor(String sql) {
    registerViews(
        Tables.ALL.stream()
            .filter(
                t ->
                    Pattern.compile("\\b" + t + "\\b", Pattern.CASE_INSENSITIVE)
                        .matcher(sql)
                        .find())
            .toList());
  }

  private void registerViews(List<String> tables) {
    for (String table : tables) {
      read(table).createOrReplaceTempView(table);
    }
  }

  /** Every run the {@code runs} table lists, whatever its status. */
  public List<RunRef> runs() {
    List<RunRef> out = new ArrayList<>();
    for (Row r : read(Tables.RUNS).collectAsList()) {
      out.add(RunRef.of(r));
    }
    return out;
  }

  /**
   * Runs that write no {@code runs} row (hardening runs), as the {@code attempts} table knows them:
   * each as its newest attempt, its status and start. An audit's attempts without a {@code runs}
   * row are no such run: they are what an interrupted retain left.
   */
  public List<RunRef> runsKnownByAttemptsOnly() {
    java.util.Map<String, RunRef> newest = new java.util.TreeMap<>();
    for (Row r : read(Tables.ATTEMPTS).collectAsList()) {
      String runId = r.getAs(Tables.RUN_ID);
      Timestamp started = r.getAs(Columns.STARTED_AT);
      if (AUDIT.equals(r.getAs(Columns.COMMAND)) || started == null) {
        continue;
      }
      RunRef ref = new RunRef(runId, r.getAs(Columns.STATUS), started.toInstant());
      newest.merge(runId, ref, (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
    }
    return List.copyOf(newest.values());
  }

  /** True when the output root holds a runs or an attempts table. */
  public boolean exists() {
    return hasData(Tables.RUNS) || hasData(Tables.ATTEMPTS);
  }

  public Path root() {
    return output.root();
  }

  private boolean hasData(String table) {
    if (iceberg != null) {
      return iceberg.exists(table);
    }
    try {
      return output.partitions(table).length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + output.table(table), e);
    }
  }

  /** Every table's schema, run_id included. */
  public static StructType schema(String table) {
    return TableSchemas.withRunId(table);
  }
}
