package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.output.OutputTables;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables in catalogs. The Parquet tables registered by name in Spark's session catalog and as
 * DuckDB views. The tables in Apache Iceberg (a JDBC catalog on SQLite, the warehouse on local
 * disk): the same numbers as the Parquet layout, each run its own partition replaced by a rerun,
 * every table's snapshot named in runs, and a publication that fails or dies midway undone, so that
 * readers see the run as the last successful commit left it.
 */
class CatalogTablesTest {

  private static final String CATALOG = "test_catalog";
  private static final String[] ICEBERG = {
    "robustness.output.format=iceberg",
    "robustness.output.catalog.name=" + CATALOG,
    "robustness.output.catalog.type=jdbc",
    "robustness.output.catalog.properties.\"jdbc.password\"=hunter2"
  };

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path images;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTestSession.start();
    images = SampleSubset.copy("mnist", 2, dir.resolve("images"));
    AuditJob.run(spark, parquet("same", "[0, 0.1, 0.2]"));
    AuditJob.run(spark, iceberg("same", "[0, 0.1, 0.2]"));
    AuditJob.run(spark, iceberg("other", "[0, 0.3]"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static AuditSettings parquet(String runId, String epsilons) {
    return Samples.settings(
        "mnist",
        dir.resolve("parquet"),
        runId,
        "robustness.dataset.uri=" + images,
        "robustness.attack.epsilons=" + epsilons,
        "robustness.report.enabled=false");
  }

  private static AuditSettings iceberg(String runId, String epsilons) {
    List<String> sets = new ArrayList<>(List.of(ICEBERG));
    sets.add("robustness.output.catalog.uri=\"jdbc:sqlite:" + dir.resolve("catalog.db") + "\"");
    sets.add("robustness.output.catalog.warehouse=" + dir.resolve("warehouse").toUri());
    sets.add("robustness.dataset.uri=" + images);
    sets.add("robustness.attack.epsilons=" + epsilons);
    // The report reads the tables too: `report` over Iceberg is run once, by the CLI test.
    sets.add("robustness.report.enabled=false");
    return Samples.settings(
        "mnist", dir.resolve("iceberg-work"), runId, sets.toArray(String[]::new));
  }

  private static TableReader icebergTables() {
    return OutputTables.reader(spark, iceberg("any", "[0]").output());
  }

  private static IcebergCatalog catalog() {
    return OutputTables.catalog(spark, iceberg("any", "[0]").output());
  }

  private static List<Row> rows(TableReader tables, String table, String runId, String order) {
    return tables
        .read(table)
        .where("run_id = '" + runId + "'")
        .drop(Tables.RUN_ID)
        .orderBy(
            java.util.Arrays.stream(order.split(","))
                .map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList();
  }

  @Test
  void curvesSamplesAndFlipsAreThoseOfTheParquetLayoutToTheDigit() {
    TableReader parquet = new TableReader(spark, dir.resolve("parquet").toUri().toString());
    TableReader iceberg = icebergTables();

    assertThat(rows(iceberg, Tables.CURVES, "same", "epsilon"))
        .hasSize(3)
        .isEqualTo(rows(parquet, Tables.CURVES, "same", "epsilon"));
    assertThat(rows(iceberg, Tables.CLASS_CURVES, "same", "label,epsilon"))
        .isEqualTo(rows(parquet, Tables.CLASS_CURVES, "same", "label,epsilon"));
    assertThat(
            rows(iceberg, Tables.SAMPLES, "same", "image_path,epsilon").stream()
                .map(r -> r.getAs("image_path") + " " + r.getAs("prediction"))
                .toList())
        .hasSize(20 * 3)
        .isEqualTo(
            rows(parquet, Tables.SAMPLES, "same", "image_path,epsilon").stream()
                .map(r -> r.getAs("image_path") + " " + r.getAs("prediction"))
                .toList());
    assertThat(rows(iceberg, Tables.FLIPS, "same", "image_path"))
        .isEqualTo(rows(parquet, Tables.FLIPS, "same", "image_path"));
  }

  @Test
  void runsNamesEachTablesSnapshotAndNoSecret() {
    Row run = icebergTables().read(Tables.RUNS).where("run_id = 'other'").first();
    Map<String, Long> snapshots = run.getJavaMap(run.fieldIndex(Columns.TABLE_SNAPSHOTS));
    assertThat(snapshots.keySet())
        .containsAll(List.of(Tables.SAMPLES, Tables.CURVES, Tables.FLIPS, Tables.ERRORS));
    IcebergCatalog catalog = catalog();
    snapshots.forEach(
        (table, id) ->
            assertThat(catalog.table(table).snapshot(id))
                .as("snapshot %s of %s", id, table)
                .isNotNull());
    assertThat(run.<String>getAs(Columns.CONFIG_JSON))
        .contains("jdbc.password")
        .doesNotContain("hunter2");
  }

  @Test
  void aRerunReplacesItsOwnPartitionAndNoOther() throws Exception {
    AuditJob.run(spark, iceberg("rerun", "[0, 0.1, 0.2, 0.3]"));
    List<Row> other = rows(icebergTables(), Tables.CURVES, "other", "epsilon");

    // A reader during the rerun's commit sees the old run's curve or the new one, never a mix.
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.Set<List<Double>> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    TableReader reading = icebergTables();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                seen.add(
                    rows(reading, Tables.CURVES, "rerun", "epsilon").stream()
                        .map(r -> r.<Double>getAs("epsilon"))
                        .toList());
              }
            });
    reader.start();
    try {
      AuditJob.run(spark, iceberg("rerun", "[0, 0.05]"));
    } finally {
      done.set(true);
      reader.join();
    }
    assertThat(seen)
        .isNotEmpty()
        .isSubsetOf(java.util.Set.of(List.of(0.0, 0.1, 0.2, 0.3), List.of(0.0, 0.05)));

    TableReader tables = icebergTables();
    assertThat(rows(tables, Tables.CURVES, "rerun", "epsilon"))
        .extracting(r -> r.<Double>getAs("epsilon"))
        .containsExactly(0.0, 0.05);
    assertThat(rows(tables, Tables.SAMPLES, "rerun", "image_path,epsilon")).hasSize(20 * 2);
    assertThat(rows(tables, Tables.CURVES, "other", "epsilon")).isEqualTo(other);
    assertThat(tables.runs().stream().filter(r -> r.runId().equals("rerun")).toList())
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(RunRecord.SUCCEEDED));
  }

  /** Every data table of run {@code runId} and its runs row, as readers see them. */
  private static Map<String, List<Row>> visible(String runId) {
    TableReader tables = icebergTables();
    Map<String, List<Row>> out = new TreeMap<>();
    for (String table : Tables.DATA_TABLES) {
      out.put(table, sorted(tables.read(table).where("run_id = '" + runId + "'").collectAsList()));
    }
    out.put(
        Tables.RUNS, tables.read(Tables.RUNS).where("run_id = '" + runId + "'").collectAsList());
    return out;
  }

  /** In a fixed order (Iceberg reads files in any order); binary columns compare by content. */
  private static List<Row> sorted(List<Row> rows) {
    return rows.stream().sorted(java.util.Comparator.comparing(CatalogTablesTest::text)).toList();
  }

  private static String text(Row row) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < row.size(); i++) {
      Object v = row.get(i);
      out.append(v instanceof byte[] b ? java.util.Arrays.toString(b) : String.valueOf(v))
          .append('|');
    }
    return out.toString();
  }

  /**
   * A new attempt at run "same" that publishes run "other"'s rows under it (other epsilons, so a
   * published table differs from the committed one).
   */
  private static RunCommitter rerunWithOthersRows(String attempt) throws Exception {
    return withOthersRows("same", attempt);
  }

  /** An attempt at run {@code runId} that publishes run "other"'s rows under it. */
  private static RunCommitter withOthersRows(String runId, String attempt) throws Exception {
    RunCommitter committer =
        new RunCommitter(spark, dir.resolve("iceberg-work").toUri().toString(), runId, attempt)
            .publishingTo(catalog());
    TableReader tables = icebergTables();
    // Three tables make the point (published in this order) and keep the test short.
    for (String table : List.of(Tables.SAMPLES, Tables.CURVES, Tables.FLIPS)) {
      committer.stage(
          table, tables.read(table).where("run_id = 'other'").drop(Tables.RUN_ID).coalesce(1));
    }
    return committer;
  }

  private static RunRecord succeeded(String attempt) {
    RunRef committed =
        icebergTables().runs().stream().filter(r -> r.runId().equals("same")).findFirst().get();
    assertThat(committed.status()).isEqualTo(RunRecord.SUCCEEDED);
    return succeeded("same", attempt);
  }

  private static RunRecord succeeded(String runId, String attempt) {
    return new RunRecord(
        runId,
        RunRecord.SUCCEEDED,
        Instant.now(),
        Instant.now(),
        "m",
        null,
        "d",
        0,
        0,
        0,
        0,
        List.of(0.0, 0.3),
        "fgsm",
        "{}",
        "local",
        1,
        Map.of(),
        "test",
        null,
        null,
        1.0,
        null,
        0,
        attempt);
  }

  private static AttemptRecord attemptRow(String attempt, String status) {
    return new AttemptRecord(
        attempt, "audit", "host", Instant.now(), Instant.now(), status, null, null);
  }

  @Test
  void aPublicationThatFailsMidwayIsUndoneByItsAttempt() throws Exception {
    Map<String, List<Row>> before = visible("same");
    RunCommitter failing = rerunWithOthersRows("failing");
    failing.onCheckpoint(
        step -> {
          if (step.equals("published " + Tables.FLIPS)) {
            throw new IllegalStateException("the store went away");
          }
        });
    assertThat(visible("same")).isEqualTo(before);

    assertThatThrownBy(
            () ->
                failing.commit(
                    succeeded("failing"), attemptRow("failing", AttemptRecord.SUCCEEDED)))
        .hasMessageContaining("the store went away");
    assertThat(visible("same").get(Tables.SAMPLES))
        .as("published before the failure")
        .isNotEqualTo(before.get(Tables.SAMPLES));
    failing.fail(null, attemptRow("failing", AttemptRecord.FAILED));

    assertThat(visible("same")).isEqualTo(before);
  }

  @Test
  void aFailureAfterThePublicationIsWholeLeavesItStanding() throws Exception {
    // A new run (no runs row before): the case where recording the failure would hide a commit.
    RunCommitter late = withOthersRows("late-run", "late");
    late.onCheckpoint(
        step -> {
          if (step.equals("marked committed")) {
            throw new IllegalStateException("the attempts row could not be written");
          }
        });
    assertThatThrownBy(
            () ->
                late.commit(
                    succeeded("late-run", "late"), attemptRow("late", AttemptRecord.SUCCEEDED)))
        .hasMessageContaining("attempts row");
    Map<String, List<Row>> published = visible("late-run");

    late.fail(
        succeeded("late-run", "late").withStatus(RunRecord.FAILED, Instant.now(), "failed"),
        attemptRow("late", AttemptRecord.FAILED));

    assertThat(visible("late-run")).isEqualTo(published);
    assertThat(published.get(Tables.RUNS))
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs(Columns.STATUS)).isEqualTo("succeeded"));
    assertThat(published.get(Tables.CURVES)).hasSize(2);
  }

  @Test
  void aPublicationWhoseDriverDiedIsUndoneByTheNextAttempt() throws Exception {
    Map<String, List<Row>> before = visible("same");
    RunCommitter dying = rerunWithOthersRows("dying");
    dying.onCheckpoint(
        step -> {
          if (step.equals("published " + Tables.CURVES)) {
            throw new ProtocolFixtures.Died(step);
          }
        });
    assertThatThrownBy(
            () -> dying.commit(succeeded("dying"), attemptRow("dying", AttemptRecord.SUCCEEDED)))
        .isInstanceOf(ProtocolFixtures.Died.class);
    assertThat(visible("same")).isNotEqualTo(before);

    RunCommitter next =
        new RunCommitter(spark, dir.resolve("iceberg-work").toUri().toString(), "same", "next")
            .publishingTo(catalog());
    assertThat(next.recoverDeadAttempts()).containsExactly("dying");

    assertThat(visible("same")).isEqualTo(before);
  }

  /** The settings a user's --conf file would hold for these tables, as --set options. */
  private static List<String> cliWhere() {
    List<String> args = new ArrayList<>();
    args.add("--output");
    args.add(dir.resolve("iceberg-work").toUri().toString());
    for (String set : ICEBERG) {
      args.add("--set");
      args.add(set);
    }
    args.addAll(
        List.of(
            "--set",
            "robustness.output.catalog.uri=\"jdbc:sqlite:" + dir.resolve("catalog.db") + "\"",
            "--set",
            "robustness.output.catalog.warehouse=" + dir.resolve("warehouse").toUri()));
    return args;
  }

  @Test
  void queryCompareAndReportReadTheTablesByTheirSettings() {
    List<String> query =
        new ArrayList<>(
            List.of(
                "query",
                "SELECT run_id, count(*) AS n FROM curves WHERE run_id IN ('same', 'other')"
                    + " GROUP BY run_id ORDER BY run_id",
                "--format",
                "csv"));
    query.addAll(cliWhere());
    CliRun run = CliRun.of(query.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("run_id,n\nother,2\nsame,3\n");

    List<String> compare =
        new ArrayList<>(List.of("compare", "--baseline", "same", "--candidate", "other"));
    compare.addAll(cliWhere());
    CliRun compared = CliRun.of(compare.toArray(String[]::new));
    assertThat(compared.exit()).as(compared.err()).isIn(0, 3);
    assertThat(compared.out()).contains("epsilon").contains("0.0000");

    Path page = dir.resolve("same.html");
    List<String> report =
        new ArrayList<>(List.of("report", "--run", "same", "--out", page.toString()));
    report.addAll(cliWhere());
    CliRun reported = CliRun.of(report.toArray(String[]::new));
    assertThat(reported.exit()).as(reported.err()).isZero();
    assertThat(page).isNotEmptyFile();

    CliRun noCatalog =
        CliRun.of("query", "SELECT 1", "--output", dir.resolve("iceberg-work").toUri().toString());
    assertThat(noCatalog.exit()).isEqualTo(2);
    assertThat(noCatalog.err()).contains("no result tables under");
  }

  /**
   * {@code convert --tables-from}: the Parquet run copied into another namespace of the catalog,
   * equal row for row, a second copy copying nothing; the Iceberg runs copied back into Parquet
   * folders, every succeeded run and its curves.
   */
  @Test
  void convertCopiesCommittedRunsIntoTheOtherFormatAndBack() throws Exception {
    String catalogKeys =
        "robustness.output.catalog { name = "
            + CATALOG
            + ", type = jdbc, uri = \"jdbc:sqlite:"
            + dir.resolve("catalog.db")
            + "\", warehouse = \""
            + dir.resolve("warehouse").toUri()
            + "\", properties { \"jdbc.password\" = hunter2 }";
    Path migratedConf =
        java.nio.file.Files.writeString(
            dir.resolve("migrated.conf"),
            "robustness.output.uri = \""
                + dir.resolve("migrated-work").toUri()
                + "\"\nrobustness.output.format = iceberg\n"
                + catalogKeys
                + ", namespace = migrated }\n");
    String parquetRoot = dir.resolve("parquet").toUri().toString();
    TableReader parquet = new TableReader(spark, parquetRoot);
    // The run "same", and any night another test copied it into.
    List<String> parquetRuns = parquet.runs().stream().map(RunRef::runId).sorted().toList();
    CliRun copied =
        CliRun.of("convert", "--tables-from", parquetRoot, "--conf", migratedConf.toString());
    assertThat(copied.exit()).as(copied.err()).isZero();
    assertThat(copied.out())
        .contains("copied " + parquetRuns.size() + " runs")
        .contains("curves: " + 3 * parquetRuns.size() + " rows");

    TableReader migrated =
        OutputTables.reader(
            spark,
            io.robustness.jobs.config.OutputSettings.of(
                io.robustness.jobs.config.ConfigLoader.load(migratedConf, List.of())));
    assertThat(migrated.describe()).contains("namespace migrated");
    for (String table : List.of(Tables.CURVES, Tables.CLASS_CURVES, Tables.FLIPS)) {
      assertThat(sorted(rows(migrated, table, "same", "run_id")))
          .as(table)
          .isEqualTo(sorted(rows(parquet, table, "same", "run_id")));
    }
    assertThat(migrated.read(Tables.SAMPLES).where("run_id = 'same'").count()).isEqualTo(60);
    assertThat(migrated.runs().stream().map(RunRef::runId).sorted().toList())
        .contains("same")
        .isEqualTo(parquetRuns);
    assertThat(migrated.read(Tables.RUNS).where("table_snapshots IS NOT NULL").count()).isZero();
    CliRun again =
        CliRun.of("convert", "--tables-from", parquetRoot, "--conf", migratedConf.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("copied 0 runs")
        .contains(parquetRuns.size() + " already there");

    Path icebergConf =
        java.nio.file.Files.writeString(
            dir.resolve("iceberg.conf"),
            "robustness.output.uri = \""
                + dir.resolve("iceberg-work").toUri()
                + "\"\nrobustness.output.format = iceberg\n"
                + catalogKeys
                + " }\n");
    List<String> succeeded =
        icebergTables().runs().stream()
            .filter(r -> r.status().equals(RunRecord.SUCCEEDED))
            .map(RunRef::runId)
            .sorted()
            .toList();
    Path back = dir.resolve("back");
    CliRun returned =
        CliRun.of(
            "convert",
            "--tables-from-conf",
            icebergConf.toString(),
            "--set",
            "robustness.output.uri=" + back.toUri());
    assertThat(returned.exit()).as(returned.err()).isZero();
    TableReader parquetAgain = new TableReader(spark, back.toUri().toString());
    assertThat(parquetAgain.runs().stream().map(RunRef::runId).sorted().toList())
        .contains("same", "other")
        .isEqualTo(succeeded);
    assertThat(sorted(rows(parquetAgain, Tables.CURVES, "other", "epsilon")))
        .isEqualTo(sorted(rows(icebergTables(), Tables.CURVES, "other", "epsilon")));

    CliRun onto =
        CliRun.of(
            "convert",
            "--tables-from",
            parquetRoot,
            "--set",
            "robustness.output.uri=" + parquetRoot);
    assertThat(onto.exit()).isEqualTo(2);
    assertThat(onto.err()).contains("are the target already");
  }

  private static List<String> curvesBy(java.sql.Connection db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (var statement = db.createStatement();
        var rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.add(rows.getDouble(1) + " " + rows.getDouble(2));
      }
    }
    return out;
  }

  @Test
  void theParquetTablesAreFoundByNameInSparkAndDuckDb() throws Exception {
    String root = dir.resolve("parquet").toUri().toString();
    List<String> expected =
        rows(new TableReader(spark, root), Tables.CURVES, "same", "epsilon").stream()
            .map(r -> r.<Double>getAs("epsilon") + " " + r.<Double>getAs("accuracy"))
            .toList();

    TableRegistration.registerAll(spark, root, "registered");
    assertThat(
            spark
                .sql(
                    "SELECT epsilon, accuracy FROM registered.curves WHERE run_id = 'same'"
                        + " ORDER BY epsilon")
                .collectAsList()
                .stream()
                .map(r -> r.getDouble(0) + " " + r.getDouble(1))
                .toList())
        .hasSize(3)
        .isEqualTo(expected);
    assertThat(spark.sql("SHOW PARTITIONS registered.samples").collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("run_id=same");
    // A later run (a copy of this one, as a benchmark makes it) added as an audit adds its own.
    String next = NightlyHistory.write(spark, new TableReader(spark, root), "same", 1).get(0);
    TableRegistration.registerRun(spark, root, "registered", next);
    assertThat(spark.sql("SHOW PARTITIONS registered.curves").collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("run_id=same", "run_id=" + next);

    List<String> present = new ArrayList<>();
    for (String table : Tables.RETAINED) {
      if (java.nio.file.Files.exists(dir.resolve("parquet").resolve(table))) {
        present.add(table);
      }
    }
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        var statement = db.createStatement()) {
      for (String ddl :
          TableDdl.statements(
              TableDdl.Engine.DUCKDB, dir.resolve("parquet").toString(), "registered", present)) {
        statement.execute(ddl);
      }
      assertThat(
              curvesBy(
                  db,
                  "SELECT epsilon, accuracy FROM registered.curves WHERE run_id = 'same'"
                      + " ORDER BY epsilon"))
          .isEqualTo(expected);
    }
  }

  @Test
  void trinoAndAthenaGetTheirOwnTypesAndPartitionsByRunId() {
    String trino =
        String.join(
            "\n", TableDdl.statements(TableDdl.Engine.TRINO, "s3a://b/results/", "robustness"));
    assertThat(trino)
        .contains(
            "CREATE TABLE IF NOT EXISTS robustness.runs (\"status\" varchar, \"started_at\""
                + " timestamp(3)")
        .contains("\"epsilons\" array(double)")
        .contains("\"model_loads\" map(varchar, bigint)")
        .contains(
            "external_location = 's3a://b/results/curves', format = 'PARQUET',"
                + " partitioned_by = ARRAY['run_id']")
        .contains("CALL system.sync_partition_metadata('robustness', 'curves', 'FULL')");
    String athena =
        String.join(
            "\n", TableDdl.statements(TableDdl.Engine.ATHENA, "s3://b/results", "robustness"));
    assertThat(athena)
        .contains("CREATE EXTERNAL TABLE IF NOT EXISTS robustness.examples (`image_path` string")
        .contains("`original_png` binary")
        .contains("`model_loads` map<string,bigint>")
        .contains(
            "PARTITIONED BY (run_id string) STORED AS PARQUET LOCATION 's3://b/results/samples/'")
        .contains("'projection.run_id.type' = 'injected'")
        .contains("'storage.location.template' = 's3://b/results/samples/run_id=${run_id}/'")
        .doesNotContain("MSCK");
    assertThat(TableDdl.statements(TableDdl.Engine.ATHENA, "s3://b/r", "db"))
        .hasSize(1 + Tables.RETAINED.size());
  }

  @Test
  void aHistoryOfNightsCopiesARunUnderEarlierDays() {
    TableReader tables = icebergTables();
    List<String> nights = NightlyHistory.write(spark, tables, "other", 3);

    assertThat(nights).containsExactly("other-night-0001", "other-night-0002", "other-night-0003");
    List<RunRef> runs = tables.runs();
    RunRef source = runs.stream().filter(r -> r.runId().equals("other")).findFirst().get();
    for (int i = 0; i < 3; i++) {
      String id = nights.get(i);
      RunRef night = runs.stream().filter(r -> r.runId().equals(id)).findFirst().get();
      assertThat(night.startedAt())
          .isEqualTo(source.startedAt().minus(java.time.Duration.ofDays(3 - i)));
      assertThat(rows(tables, Tables.CURVES, id, "epsilon"))
          .isEqualTo(rows(tables, Tables.CURVES, "other", "epsilon"));
    }
  }

  @Test
  void retainDeletesExpiredRunsFromEveryIcebergTableAndExpiresTheirSnapshots() throws Exception {
    // Tables of their own, in a Hadoop catalog on local disk (so that no other test's runs are
    // retained away): the same curves as the Parquet layout there too.
    String[] hadoop = {
      "robustness.output.format=iceberg",
      "robustness.output.catalog.name=hadoop_catalog",
      "robustness.output.catalog.type=hadoop",
      "robustness.output.catalog.warehouse=" + dir.resolve("hadoop-warehouse").toUri()
    };
    List<String> sets = new ArrayList<>(List.of(hadoop));
    sets.add("robustness.dataset.uri=" + images);
    sets.add("robustness.attack.epsilons=[0, 0.1, 0.2]");
    sets.add("robustness.report.enabled=false");
    AuditSettings newest =
        Samples.settings("mnist", dir.resolve("hadoop-work"), "same", sets.toArray(String[]::new));
    AuditJob.run(spark, newest);
    TableReader tables = OutputTables.reader(spark, newest.output());
    assertThat(rows(tables, Tables.CURVES, "same", "epsilon"))
        .isEqualTo(
            rows(
                new TableReader(spark, dir.resolve("parquet").toUri().toString()),
                Tables.CURVES,
                "same",
                "epsilon"));
    assertThat(dir.resolve("hadoop-warehouse/robustness/curves/metadata")).isDirectory();
    // An older run: a copy of this one a day before.
    String old = NightlyHistory.write(spark, tables, "same", 1).get(0);
    IcebergCatalog retained = OutputTables.catalog(spark, newest.output());
    int snapshotsBefore = count(retained.table(Tables.SAMPLES).snapshots());
    // A file a failed writer left in the table's data folder long ago: an orphan.
    java.nio.file.Path orphan =
        java.nio.file.Path.of(
                java.net.URI.create(
                    retained.table(Tables.CURVES).location() + "/data/orphan.parquet"))
            .toAbsolutePath();
    java.nio.file.Files.createDirectories(orphan.getParent());
    java.nio.file.Files.writeString(orphan, "left by a writer that died");
    java.nio.file.Files.setLastModifiedTime(
        orphan, java.nio.file.attribute.FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

    List<String> retain =
        new ArrayList<>(
            List.of(
                "retain",
                "--keep-days",
                "1",
                "--keep-last",
                "1",
                "--as-of",
                "2100-01-01T00:00:00Z",
                "--output",
                dir.resolve("hadoop-work").toUri().toString()));
    for (String set : hadoop) {
      retain.add("--set");
      retain.add(set);
    }
    CliRun run = CliRun.of(retain.toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("deleted run " + old).contains("1 of 2 runs deleted");
    assertThat(run.out())
        .containsPattern("expired \\d+ Iceberg snapshots")
        .contains("removed 1 files no snapshot references");
    assertThat(orphan).doesNotExist();
    for (String table : List.of(Tables.RUNS, Tables.SAMPLES, Tables.CURVES, Tables.FLIPS)) {
      assertThat(
              retained.read(table).select(Tables.RUN_ID).distinct().collectAsList().stream()
                  .map(r -> r.getString(0))
                  .toList())
          .as(table)
          .containsExactly("same");
    }
    assertThat(count(retained.table(Tables.SAMPLES).snapshots()))
        .as("every snapshot older than the cutoff expired, the newest kept")
        .isEqualTo(1)
        .isLessThan(snapshotsBefore);
    assertThat(retained.read(Tables.SAMPLES).count()).isEqualTo(20 * 3);
  }

  private static int count(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }
}
