package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The Parquet tables registered in a real Hive metastore (Spark's Hive support, the metastore on
 * embedded Derby): an audit's own registration ({@code robustness.output.register = true}) and
 * {@code register}'s recovery of a later run are read by name from a later Spark session, which
 * knows them only through the metastore. An integration test: its JVM's in-process Spark sessions
 * run one at a time (the lock), and the classes that start Spark in this JVM come before it in the
 * order, so that no later session inherits anything of Hive's.
 */
@ResourceLock(SparkTestSession.IN_THIS_JVM)
@Order(4)
class HiveMetastoreIT {

  @TempDir static Path dir;

  private static SparkSession hiveSession(Path metastore) {
    return SparkTestSession.builder()
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", dir.resolve("hive-warehouse").toUri().toString())
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + metastore + ";create=true")
        .enableHiveSupport()
        .getOrCreate();
  }

  private static AuditSettings audit(Path images, String runId, String... sets) {
    List<String> all = new ArrayList<>();
    all.add("robustness.dataset.uri=" + images);
    all.add("robustness.attack.epsilons=[0, 0.1, 0.3]");
    all.add("robustness.report.enabled=false");
    all.addAll(List.of(sets));
    return Samples.settings("mnist", dir.resolve("results"), runId, all.toArray(String[]::new));
  }

  private static List<String> curves(SparkSession spark, String sql) {
    return spark.sql(sql).collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.getDouble(1) + " " + r.getDouble(2))
        .toList();
  }

  @Test
  void registeredTablesAreReadByNameFromTheMetastoreInALaterSession() throws Exception {
    Path metastore = dir.resolve("metastore_db");
    Path images = SampleSubset.copy("mnist", 2, dir.resolve("images"));
    String root = dir.resolve("results").toUri().toString();

    SparkSession first = hiveSession(metastore);
    List<String> expected;
    List<String> nights;
    try {
      assertThat(first.conf().get("spark.sql.catalogImplementation")).isEqualTo("hive");
      // The night's audit registers its own run after its commit (tables created, partition added).
      AuditJob.run(
          first,
          audit(
              images,
              "night-1",
              "robustness.output.register=true",
              "robustness.output.register-database=robustness"));
      // A later night (a copy, as a benchmark makes one) found by `register`'s partition recovery.
      String night2 =
          NightlyHistory.write(first, new TableReader(first, root), "night-1", 1).get(0);
      TableRegistration.registerAll(first, root, "robustness");
      nights = List.of("night-1", night2);
      expected =
          curves(
              first,
              "SELECT run_id, epsilon, accuracy FROM parquet.`"
                  + dir.resolve("results").resolve(Tables.CURVES).toUri()
                  + "` ORDER BY run_id, epsilon");
    } finally {
      first.stop();
    }
    assertThat(expected).hasSize(6);

    SparkSession later = hiveSession(metastore);
    try {
      assertThat(
              curves(
                  later,
                  "SELECT run_id, epsilon, accuracy FROM robustness.curves"
                      + " ORDER BY run_id, epsilon"))
          .isEqualTo(expected);
      assertThat(later.sql("SHOW PARTITIONS robustness.samples").collectAsList())
          .extracting(r -> r.getString(0))
          .containsExactlyInAnyOrder(
              nights.stream().map(n -> "run_id=" + n).toArray(String[]::new));
      List<Row> described = later.sql("DESCRIBE TABLE EXTENDED robustness.curves").collectAsList();
      assertThat(described)
          .anySatisfy(
              r -> {
                assertThat(r.getString(0)).isEqualTo("Type");
                assertThat(r.getString(1)).isEqualTo("EXTERNAL");
              });
    } finally {
      later.stop();
    }

    // The metastore's own tables hold them: Hive's schema in Derby, not Spark's in-memory catalog.
    List<String> inDerby = new ArrayList<>();
    try (Connection derby = DriverManager.getConnection("jdbc:derby:" + metastore);
        ResultSet rows =
            derby
                .createStatement()
                .executeQuery(
                    "SELECT d.NAME, t.TBL_NAME FROM TBLS t JOIN DBS d ON t.DB_ID = d.DB_ID"
                        + " ORDER BY t.TBL_NAME")) {
      while (rows.next()) {
        inDerby.add(rows.getString(1) + "." + rows.getString(2));
      }
    }
    assertThat(inDerby).contains("robustness.curves", "robustness.samples", "robustness.runs");
  }
}
