package io.robustness.jobs.cli;

import io.robustness.jobs.config.OutputSettings;
import io.robustness.jobs.config.TableFormat;
import io.robustness.jobs.errors.UsageException;
import io.robustness.jobs.tables.TableRegistration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness register --output URI}: the Parquet tables as external tables of the Spark
 * session's catalog, with every committed run's partition.
 */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
      "Register the Parquet tables in the Spark session's catalog (a Hive metastore when Spark is"
          + " configured with spark.sql.catalogImplementation=hive): external tables over the"
          + " table folders, partitioned by run_id, and every run's partition. Run again after new"
          + " runs, or set robustness.output.register = true so that each audit adds its own."
    })
final class RegisterCommand implements Callable<Integer> {

  @Mixin OutputOption output;

  @Option(
      names = "--database",
      defaultValue = "robustness",
      description = "the database to create the tables in, default: ${DEFAULT-VALUE}")
  String database;

  @Override
  public Integer call() throws Exception {
    OutputSettings settings = output.settings();
    if (settings.format() != TableFormat.PARQUET) {
      throw new UsageException(
          "the tables are Iceberg tables, already in catalog " + settings.catalog().name());
    }
    return CommandSession.withTables(
        "robustness register",
        output,
        (spark, tables) -> {
          List<String> statements = TableRegistration.registerAll(spark, settings.uri(), database);
          System.out.println(
              "registered "
                  + statements.stream().filter(s -> s.startsWith("CREATE TABLE")).count()
                  + " tables in database "
                  + database
                  + " of the "
                  + spark.conf().get("spark.sql.catalogImplementation", "in-memory")
                  + " catalog");
          return ExitCodes.OK;
        });
  }
}
