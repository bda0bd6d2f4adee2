package io.robustness.jobs.output;

import io.robustness.jobs.config.CatalogSettings;
import io.robustness.jobs.config.OutputSettings;
import io.robustness.jobs.config.TableFormat;
import io.robustness.jobs.tables.IcebergCatalog;
import io.robustness.jobs.tables.RunCommitter;
import io.robustness.jobs.tables.RunLease;
import io.robustness.jobs.tables.TableReader;
import org.apache.spark.sql.SparkSession;

/**
 * The result tables that {@code robustness.output} names, in its format: the one place where the
 * settings meet the tables package, which knows no settings.
 */
public final class OutputTables {

  private OutputTables() {}

  public static TableReader reader(SparkSession spark, OutputSettings output) {
    return new TableReader(spark, output.uri(), catalog(spark, output));
  }

  /** The attempt holding {@code lease}, writing the tables in the format {@code output} names. */
  public static RunCommitter committer(
      SparkSession spark, OutputSettings output, String runId, RunLease lease) {
    RunCommitter committer = RunCommitter.of(spark, output.uri(), runId, lease);
    IcebergCatalog catalog = catalog(spark, output);
    return catalog == null ? committer : committer.publishingTo(catalog);
  }

  /** The Iceberg catalog of the tables, or null when they are Parquet folders. */
  public static IcebergCatalog catalog(SparkSession spark, OutputSettings output) {
    if (output.format() != TableFormat.ICEBERG) {
      return null;
    }
    CatalogSettings c = output.catalog();
    return IcebergCatalog.open(spark, c.name(), c.namespace(), c.sparkProperties());
  }
}
