package io.robustness.jobs.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * The statements that make other engines know the Parquet tables by name: external tables over the
 * table folders, partitioned by run_id, from the one schema per table ({@link TableSchemas}).
 */
public final class TableDdl {

  /** The engines DDL is written for. */
  public enum Engine {
    /** Spark SQL's session catalog (a Hive metastore when Spark is configured with one). */
    SPARK,
    /** Trino's Hive connector. */
    TRINO,
    /** Amazon Athena, with partition projection on run_id: no MSCK REPAIR after each run. */
    ATHENA,
    /** DuckDB views over the Parquet files. */
    DUCKDB
  }

  private TableDdl() {}

  /**
   * Every table's statements for {@code engine}.
   *
   * @param root the output root, as the engine names it (s3://bucket/prefix for Athena)
   * @param schema the database or schema to create the tables in
   */
  public static List<String> statements(Engine engine, String root, String schema) {
    return statements(engine, root, schema, Tables.RETAINED);
  }

  /**
   * @param tables the tables to write statements for (DuckDB refuses a view over a folder with no
   *     files: leave out the tables an output does not have)
   */
  public static List<String> statements(
      Engine engine, String root, String schema, List<String> tables) {
    String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    List<String> out = new ArrayList<>();
    if (engine == Engine.SPARK || engine == Engine.ATHENA) {
      out.add("CREATE DATABASE IF NOT EXISTS " + schema);
    } else if (engine == Engine.DUCKDB) {
      out.add("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
    for (String table : tables) {
      out.addAll(table(engine, base + "/" + table, schema, table));
    }
    return out;
  }

  private static List<String> table(Engine engine, String location, String schema, String table) {
    StructType columns = TableSchemas.of(table);
    String name = schema + "." + table;
    return switch (engine) {
      case SPARK ->
          List.of(
              "CREATE TABLE IF NOT EXISTS "
                  + name
                  + " ("
                  + columns(columns, TableDdl::spark, " ", '`')
                  + ", run_id STRING) USING parquet PARTITIONED BY (run_id) LOCATION '"
                  + location
                  + "'",
              "ALTER TABLE " + name + " RECOVER PARTITIONS");
      case TRINO ->
          List.of(
              "CREATE TABLE IF NOT EXISTS "
                  + name
                  + " ("
                  + columns(columns, TableDdl::trino, " ", '"')
                  + ", run_id varchar) WITH (external_location = '"
                  + location
                  + "', format = 'PARQUET', partitioned_by = ARRAY['run_id'])",
              "CALL system.sync_partition_metadata('" + schema + "', '" + table + "', 'FULL')");
      case ATHENA ->
          List.of(
              "CREATE EXTERNAL TABLE IF NOT EXISTS "
                  + name
                  + " ("
                  + columns(columns, TableDdl::hive, " ", '`')
                  + ") PARTITIONED BY (run_id string) STORED AS PARQUET LOCATION '"
                  + location
                  + "/' TBLPROPERTIES ('projection.enabled' = 'true',"
                  + " 'projection.run_id.type' = 'injected',"
                  + " 'storage.location.template' = '"
                  + location
                  + "/run_id=${run_id}/')");
      case DUCKDB ->
          List.of(
              "CREATE OR REPLACE VIEW "
                  + name
                  + " AS SELECT * FROM read_parquet('"
                  + location
                  + "/*/*.parquet', hive_partitioning = true, union_by_name = true,"
                  + " hive_types = {'run_id': VARCHAR})");
    };
  }

  /**
   * The columns with their types, each name quoted: some are keywords somewhere ({@code check} is a
   * reserved word of standard SQL, which DuckDB keeps).
   */
  private static String columns(
      StructType schema,
      java.util.function.Function<DataType, String> type,
      String separator,
      char quote) {
    return Arrays.stream(schema.fields())
        .map(f -> quote + f.name() + quote + separator + type.apply(f.dataType()))
        .collect(Collectors.joining(", "));
  }

  private static String spark(DataType type) {
    return type.sql();
  }

  private static String trino(DataType type) {
    if (type instanceof ArrayType a) {
      return "array(" + trino(a.elementType()) + ")";
    }
    if (type instanceof MapType m) {
      return "map(" + trino(m.keyType()) + ", " + trino(m.valueType()) + ")";
    }
    if (type instanceof StructType s) {
      return "row(" + columns(s, TableDdl::trino, " ", '"') + ")";
    }
    return scalar(type, "varchar", "integer", "bigint", "double", "real", "boolean", "varbinary")
        .replace("timestamp", "timestamp(3)");
  }

  private static String hive(DataType type) {
    if (type instanceof ArrayType a) {
      return "array<" + hive(a.elementType()) + ">";
    }
    if (type instanceof MapType m) {
      return "map<" + hive(m.keyType()) + "," + hive(m.valueType()) + ">";
    }
    if (type instanceof StructType s) {
      return "struct<" + columns(s, TableDdl::hive, ":", '`').replace(", ", ",") + ">";
    }
    return scalar(type, "string", "int", "bigint", "double", "float", "boolean", "binary");
  }

  private static String scalar(
      DataType type,
      String string,
      String integer,
      String bigint,
      String dbl,
      String flt,
      String bool,
      String binary) {
    if (type.equals(DataTypes.StringType)) {
      return string;
    }
    if (type.equals(DataTypes.IntegerType)) {
      return integer;
    }
    if (type.equals(DataTypes.LongType)) {
      return bigint;
    }
    if (type.equals(DataTypes.DoubleType)) {
      return dbl;
    }
    if (type.equals(DataTypes.FloatType)) {
      return flt;
    }
    if (type.equals(DataTypes.BooleanType)) {
      return bool;
    }
    if (type.equals(DataTypes.BinaryType)) {
      return binary;
    }
    if (type.equals(DataTypes.TimestampType)) {
      return "timestamp";
    }
    throw new IllegalArgumentException("no DDL type for " + type);
  }
}
