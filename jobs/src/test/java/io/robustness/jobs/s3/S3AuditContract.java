package io.robustness.jobs.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.CliRun;
import io.robustness.jobs.testing.LogCapture;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The audit against an S3 server: images and model read from s3a://, tables and report written to
 * s3a://, with path-style access and credentials given as the standard Hadoop settings
 * (spark.hadoop.fs.s3a.*). Neither the access key nor the secret may appear in the logs, the
 * console, runs.config_json or any object written. The same contract runs against S3Proxy
 * in-process and, where Docker runs, MinIO.
 */
@ResourceLock(SparkTestSession.IN_THIS_JVM)
abstract class S3AuditContract {

  /** Where the server listens and how to sign in. */
  record Endpoint(String url, String accessKey, String secretKey) {}

  protected abstract Endpoint endpoint();

  @TempDir Path dir;

  @Test
  void auditsABucketAndLeaksNoCredential() throws Exception {
    Endpoint s3 = endpoint();
    String bucket = "audit-" + Long.toHexString(System.nanoTime());
    try (S3Client client = client(s3)) {
      client.createBucket(b -> b.bucket(bucket));
      Path images = SampleSubset.copy("mnist", 4, dir.resolve("images"));
      upload(client, bucket, "images", images);
      client.putObject(
          b -> b.bucket(bucket).key("models/mnist.pt"),
          RequestBody.fromFile(Samples.data("mnist").resolve("model.pt")));

      Map<String, String> sparkHadoop =
          Map.of(
              "spark.hadoop.fs.s3a.endpoint",
              s3.url(),
              "spark.hadoop.fs.s3a.endpoint.region",
              "us-east-1",
              "spark.hadoop.fs.s3a.path.style.access",
              "true",
              "spark.hadoop.fs.s3a.connection.ssl.enabled",
              "false",
              "spark.hadoop.fs.s3a.access.key",
              s3.accessKey(),
              "spark.hadoop.fs.s3a.secret.key",
              s3.secretKey(),
              "spark.hadoop.fs.s3a.aws.credentials.provider",
              "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      CliRun run;
      LogCapture logs = LogCapture.start();
      sparkHadoop.forEach(System::setProperty);
      System.setProperty("spark.master", "local[2]");
      System.setProperty("spark.ui.enabled", "false");
      try {
        run =
            CliRun.of(
                "audit",
                "--conf",
                Samples.conf("mnist").toString(),
                "--set",
                "robustness.dataset.uri=s3a://" + bucket + "/images",
                "--set",
                "robustness.model.uri=s3a://" + bucket + "/models/mnist.pt",
                "--set",
                "robustness.output.uri=s3a://" + bucket + "/results",
                "--set",
                "robustness.run.id=s3",
                "--set",
                "robustness.attack.epsilons=[0, 0.1]");
      } finally {
        sparkHadoop.keySet().forEach(System::clearProperty);
        System.clearProperty("spark.master");
        System.clearProperty("spark.ui.enabled");
        logs.stop();
      }
      assertThat(run.exit()).as(run.err() + run.out()).isZero();
      assertThat(run.out())
          .contains("run s3 succeeded: 40 images scored")
          .contains("s3a://" + bucket + "/results");

      List<String> keys =
          client
              .listObjectsV2Paginator(b -> b.bucket(bucket).prefix("results/"))
              .contents()
              .stream()
              .map(S3Object::key)
              .toList();
      for (String table : Tables.ALL) {
        assertThat(keys).as(table).anyMatch(k -> k.startsWith("results/" + table + "/run_id=s3/"));
      }
      assertThat(keys).contains("results/reports/s3.html");
      assertSameCurvesAsALocalRun(s3, bucket, images);

      StringBuilder everything = new StringBuilder(run.out()).append(run.err()).append(logs.text());
      for (String key : keys) {
        everything.append(
            client
                .getObjectAsBytes(b -> b.bucket(bucket).key(key))
                .asString(StandardCharsets.ISO_8859_1));
      }
      assertThat(logs.text()).as("INFO logs were captured").contains("AuditJob");
      assertThat(everything.toString())
          .as("what was scanned includes the run's settings")
          .contains("config_json");
      assertThat(everything.indexOf(s3.accessKey())).as("access key leaked").isEqualTo(-1);
      assertThat(everything.indexOf(s3.secretKey())).as("secret leaked").isEqualTo(-1);
    }
  }

  private void assertSameCurvesAsALocalRun(Endpoint s3, String bucket, Path images)
      throws IOException {
    SparkSession spark =
        SparkTestSession.builder()
            .config("spark.hadoop.fs.s3a.endpoint", s3.url())
            .config("spark.hadoop.fs.s3a.endpoint.region", "us-east-1")
            .config("spark.hadoop.fs.s3a.path.style.access", "true")
            .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
            .config("spark.hadoop.fs.s3a.access.key", s3.accessKey())
            .config("spark.hadoop.fs.s3a.secret.key", s3.secretKey())
            .getOrCreate();
    try {
      io.robustness.jobs.audit.AuditJob.run(
          spark,
          Samples.settings(
              "mnist",
              dir.resolve("local"),
              "s3",
              "robustness.dataset.uri=" + images,
              "robustness.attack.epsilons=[0, 0.1]",
              "robustness.report.enabled=false"));
      List<Row> fromBucket =
          new TableReader(spark, "s3a://" + bucket + "/results")
              .read(Tables.CURVES)
              .drop(Tables.RUN_ID)
              .orderBy("epsilon")
              .collectAsList();
      List<Row> fromDisk =
          new TableReader(spark, dir.resolve("local").toString())
              .read(Tables.CURVES)
              .drop(Tables.RUN_ID)
              .orderBy("epsilon")
              .collectAsList();
      assertThat(fromBucket).hasSize(2).isEqualTo(fromDisk);
      Row runRow = new TableReader(spark, "s3a://" + bucket + "/results").read(Tables.RUNS).first();
      assertThat(runRow.<String>getAs("dataset_uri")).isEqualTo("s3a://" + bucket + "/images");
    } finally {
      spark.stop();
    }
  }

  /**
   * Parquet files and WebDataset shards written to the bucket by convert (through s3a), then
   * audited from it: by prefix, by brace pattern, and with a per-class cap (its label pass reads
   * the shards too). The curves equal those of the same images as local class folders.
   */
  @Test
  void auditsParquetAndShardsInABucket() throws Exception {
    Endpoint s3 = endpoint();
    String bucket = "layouts-" + Long.toHexString(System.nanoTime());
    try (S3Client client = client(s3)) {
      client.createBucket(b -> b.bucket(bucket));
    }
    Path images = SampleSubset.copy("mnist", 4, dir.resolve("images"));
    SparkSession spark = session(s3);
    try {
      String[] common = {
        "robustness.dataset.uri=" + images,
        "robustness.attack.epsilons=[0, 0.1]",
        "robustness.report.enabled=false"
      };
      io.robustness.jobs.config.AuditSettings folders =
          Samples.settings("mnist", dir.resolve("out"), "folders", common);
      io.robustness.jobs.audit.AuditJob.run(spark, folders);
      String root = "s3a://" + bucket;
      io.robustness.jobs.dataset.DatasetExport.write(
          spark,
          folders,
          io.robustness.jobs.dataset.DatasetExport.Target.WEBDATASET,
          root + "/shards",
          2);
      io.robustness.jobs.dataset.DatasetExport.write(
          spark,
          folders,
          io.robustness.jobs.dataset.DatasetExport.Target.PARQUET_HF,
          root + "/parquet",
          2);
      Map<String, String[]> runs =
          Map.of(
              "tar",
              new String[] {
                "robustness.dataset.layout=webdataset", "robustness.dataset.uri=" + root + "/shards"
              },
              "braces",
              new String[] {
                "robustness.dataset.layout=webdataset",
                "robustness.dataset.uri=" + root + "/shards/shard-{000000..000001}.tar"
              },
              "parquet",
              new String[] {
                "robustness.dataset.layout=parquet", "robustness.dataset.uri=" + root + "/parquet"
              });
      for (Map.Entry<String, String[]> run : runs.entrySet()) {
        List<String> sets = new ArrayList<>(List.of(common));
        sets.addAll(List.of(run.getValue()));
        io.robustness.jobs.audit.AuditJob.run(
            spark,
            Samples.settings(
                "mnist", dir.resolve("out"), run.getKey(), sets.toArray(String[]::new)));
      }
      List<String> capped = new ArrayList<>(List.of(common));
      capped.addAll(List.of(runs.get("tar")));
      capped.add("robustness.dataset.sample.per-class=2");
      io.robustness.jobs.audit.AuditJob.run(
          spark,
          Samples.settings("mnist", dir.resolve("out"), "capped", capped.toArray(String[]::new)));

      TableReader tables = new TableReader(spark, dir.resolve("out").toString());
      List<Row> reference = curves(tables, "folders");
      assertThat(reference).hasSize(2);
      for (String run : runs.keySet()) {
        assertThat(curves(tables, run)).as(run).isEqualTo(reference);
      }
      // The tables in Iceberg with the warehouse in the bucket (the catalog a SQLite file).
      List<String> iceberg = new ArrayList<>(List.of(common));
      iceberg.addAll(
          List.of(
              "robustness.output.format=iceberg",
              "robustness.output.catalog.name=s3_catalog",
              "robustness.output.catalog.type=jdbc",
              "robustness.output.catalog.uri=\"jdbc:sqlite:" + dir.resolve("s3-catalog.db") + "\"",
              "robustness.output.catalog.warehouse=" + root + "/warehouse"));
      io.robustness.jobs.config.AuditSettings inBucket =
          Samples.settings(
              "mnist", dir.resolve("iceberg-work"), "iceberg", iceberg.toArray(String[]::new));
      io.robustness.jobs.audit.AuditJob.run(spark, inBucket);
      assertThat(
              curves(
                  io.robustness.jobs.output.OutputTables.reader(spark, inBucket.output()),
                  "iceberg"))
          .isEqualTo(reference);
      try (S3Client client = client(s3)) {
        assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix("warehouse/")).contents())
            .as("Iceberg's data and metadata files in the bucket")
            .anyMatch(o -> o.key().endsWith(".parquet"))
            .anyMatch(o -> o.key().endsWith(".metadata.json"));
      }
      assertThat(
              tables
                  .read(Tables.CURVES)
                  .filter("run_id = 'capped' AND epsilon = 0")
                  .first()
                  .<Long>getAs("images"))
          .isEqualTo(20L);
    } finally {
      spark.stop();
    }
  }

  private static List<Row> curves(TableReader tables, String runId) {
    return tables
        .read(Tables.CURVES)
        .filter("run_id = '" + runId + "'")
        .drop(Tables.RUN_ID)
        .orderBy("epsilon")
        .collectAsList();
  }

  private static SparkSession session(Endpoint s3) {
    return SparkTestSession.builder()
        .config("spark.hadoop.fs.s3a.endpoint", s3.url())
        .config("spark.hadoop.fs.s3a.endpoint.region", "us-east-1")
        .config("spark.hadoop.fs.s3a.path.style.access", "true")
        .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
        .config("spark.hadoop.fs.s3a.access.key", s3.accessKey())
        .config("spark.hadoop.fs.s3a.secret.key", s3.secretKey())
        .getOrCreate();
  }

  private static S3Client client(Endpoint s3) {
    return S3Client.builder()
        .endpointOverride(URI.create(s3.url()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
        .build();
  }

  private static void upload(S3Client client, String bucket, String prefix, Path folder)
      throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path f : files) {
      String key = prefix + "/" + folder.relativize(f).toString().replace('\\', '/');
      client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
    }
  }
}
