package io.robustness.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A history of nightly runs for benchmarks: copies of one committed run under new run ids, one day
 * apart, written into the same output in its own format. Not the audit's commit protocol: a bench
 * fixture written in one pass per table (Parquet: a partition folder per night, as real nights
 * leave; Iceberg: one commit per table holding every night).
 */
public final class NightlyHistory {

  private static final String SHIFT = "days_before";

  private NightlyHistory() {}

  /**
   * @return the run ids written, oldest first; the newest starts one day before {@code source}
   */
  public static List<String> write(
      SparkSession spark, TableReader tables, String source, int nights) {
    List<Row> ids = new ArrayList<>();
    List<String> written = new ArrayList<>();
    for (int i = nights; i >= 1; i--) {
      String id = source + "-night-" + String.format("%04d", nights - i + 1);
      ids.add(RowFactory.create(id, i));
      written.add(id);
    }
    Dataset<Row> nightIds =
        spark.createDataFrame(
            ids,
            new StructType()
                .add(Tables.RUN_ID, DataTypes.StringType, false)
                .add(SHIFT, DataTypes.IntegerType, false));
    for (String table : Tables.ALL) {
      if (table.equals(Tables.ATTEMPTS)) {
        continue;
      }
      Dataset<Row> rows =
          tables.read(table).where(col(Tables.RUN_ID).equalTo(source)).drop(Tables.RUN_ID);
      Dataset<Row> copies = rows.crossJoin(nightIds);
      if (table.equals(Tables.RUNS)) {
        copies =
            copies
                .withColumn(
                    Columns.STARTED_AT, expr("timestampadd(DAY, -" + SHIFT + ", started_at)"))
                .withColumn(
                    Columns.FINISHED_AT, expr("timestampadd(DAY, -" + SHIFT + ", finished_at)"));
      }
      copies = copies.select(columns(TableSchemas.withRunId(table)));
      append(tables, table, copies);
    }
    return written;
  }

  private static Column[] columns(StructType schema) {
    return Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
  }

  private static void append(TableReader tables, String table, Dataset<Row> copies) {
    IcebergCatalog iceberg = tables.iceberg();
    if (iceberg != null) {
      iceberg.append(table, copies);
      return;
    }
    copies
        .write()
        .mode(SaveMode.Append)
        .partitionBy(Tables.RUN_ID)
        .parquet(tables.output().table(table).toString());
  }
}
