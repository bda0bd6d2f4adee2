package io.robustness.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.LogCapture;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs an audit whose settings carry credentials and scans everything it produced (its console
 * output, every log line at INFO, every byte of every file written and every string of every table)
 * for them.
 */
class SecretsScanTest {

  private static final List<String> SECRETS =
      List.of("AKIASCANACCESS42", "scan-secret-Zq9vX", "scan-token-77AbC", "scan-password-5e5e");

  @TempDir Path dir;

  @Test
  void noCredentialReachesLogsOutputFilesOrTables() throws IOException {
    Path output = dir.resolve("out");
    Path images = dir.resolve("images");
    Path source = Samples.data("mnist").resolve("images");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().limit(30).toList()) {
        Files.createDirectories(images.resolve(source.relativize(f)).getParent());
        Files.copy(f, images.resolve(source.relativize(f)));
      }
    }
    LogCapture logs = LogCapture.start();
    System.setProperty("spark.master", "local[2]");
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.hadoop.fs.s3a.secret.key", SECRETS.get(1));
    CliRun run;
    try {
      run =
          CliRun.of(
              "audit",
              "--conf",
              Samples.conf("mnist").toString(),
              "--set",
              "robustness.output.uri=" + output,
              "--set",
              "robustness.dataset.uri=" + images,
              "--set",
              "robustness.run.id=secrets",
              "--set",
              "robustness.attack.epsilons=[0, 0.1]",
              "--set",
              "robustness.hadoop.\"fs.s3a.access.key\"=" + SECRETS.get(0),
              "--set",
              "robustness.hadoop.\"fs.s3a.secret.key\"=" + SECRETS.get(1),
              "--set",
              "robustness.hadoop.\"fs.s3a.session.token\"=" + SECRETS.get(2),
              "--set",
              "robustness.hadoop.\"my.store.password\"=" + SECRETS.get(3));
    } finally {
      logs.stop();
      System.clearProperty("spark.master");
      System.clearProperty("spark.ui.enabled");
      System.clearProperty("spark.hadoop.fs.s3a.secret.key");
    }
    assertThat(run.exit()).as(run.err()).isZero();

    String everything =
        run.out() + run.err() + logs.text() + allFileBytes(output) + allTableStrings(output);
    assertThat(logs.text()).as("logs were captured").contains("AuditJob").contains("INFO");
    assertThat(everything)
        .as("the scanned material includes the redacted settings")
        .contains("\"fs.s3a.secret.key\":\"*****\"")
        .contains("\"my.store.password\":\"*****\"");
    for (String secret : SECRETS) {
      assertThat(everything).doesNotContain(secret);
    }
  }

  private static String allFileBytes(Path root) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    return out.toString();
  }

  private static String allTableStrings(Path output) {
    SparkSession spark = SparkTestSession.start();
    try {
      StringBuilder out = new StringBuilder();
      for (String table : Tables.ALL) {
        Dataset<Row> frame = spark.read().parquet(output.resolve(table).toString());
        frame.toJSON().collectAsList().forEach(json -> out.append(json).append('\n'));
        // And each value as it is: JSON escapes the quotes inside runs.config_json, and the raw
        // Parquet bytes hold it only when the compressor happened to leave it literal.
        frame.collectAsList().forEach(row -> out.append(row.mkString(" | ")).append('\n'));
      }
      return out.toString();
    } finally {
      spark.stop();
    }
  }
}
