package io.robustness.jobs.tables;

import io.robustness.jobs.audit.ImageRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the result tables of an output root with their known schemas: run_id stays a string
 * whatever it looks like, older runs missing a newer column read as null, and a table with no run
 * yet is an empty table rather than an error.
 */
public final class TableReader {

  /** The derived tables' schemas, which only depend on the code: worked out once per JVM. */
  private static final Map<String, StructType> DERIVED = new ConcurrentHashMap<>();

  private final SparkSession spark;
  private final OutputRoot output;

  public TableReader(SparkSession spark, String outputUri) {
    this.spark = spark;
    this.output = OutputRoot.open(spark, outputUri);
  }

  /** The table, with run_id as its last column. */
  public Dataset<Row> read(String table) {
    StructType schema = schema(spark, table);
    if (!hasData(table)) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().schema(schema).parquet(output.table(table).toString());
  }

  /** Registers every table as a temporary view named after it. */
  public void registerViews() {
    for (String table : Tables.ALL) {
      read(table).createOrReplaceTempView(table);
    }
  }

  /** True when the output root holds a runs table. */
  public boolean exists() {
    return hasData(Tables.RUNS);
  }

  public Path root() {
    return output.root();
  }

  private boolean hasData(String table) {
    try {
      return output.partitions(table).length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + output.table(table), e);
    }
  }

  /** Every table's schema, run_id included. */
  public static StructType schema(SparkSession spark, String table) {
    StructType data =
        switch (table) {
          case Tables.RUNS -> RunsTable.SCHEMA;
          case Tables.CURVES -> CurveTables.CURVES;
          case Tables.CLASS_CURVES -> CurveTables.CLASS_CURVES;
          case Tables.CONFIDENCE_CURVES -> CurveTables.CONFIDENCE_CURVES;
          case Tables.EXAMPLES -> ExampleTable.SCHEMA;
          default -> derived(spark, table);
        };
    return data.add(Tables.RUN_ID, DataTypes.StringType, false);
  }

  private static StructType derived(SparkSession spark, String table) {
    return DERIVED.computeIfAbsent(
        table,
        name -> {
          Dataset<Row> images = spark.createDataFrame(List.of(), ImageRows.SCHEMA);
          Dataset<Row> frame =
              switch (name) {
                case Tables.SAMPLES -> DerivedTables.samples(images, List.of("x"));
                case Tables.FLIPS -> DerivedTables.flips(images, List.of("x"));
                case Tables.ERRORS -> DerivedTables.errors(images);
                default ->
                    throw new IllegalArgumentException(
                        "no table named " + name + "; tables: " + Tables.ALL);
              };
          return frame.schema();
        });
  }
}
