package io.robustness.jobs.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.model.FileDigest;
import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.audit.AuditResult;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.tables.TableReader;
import io.robustness.jobs.tables.Tables;
import io.robustness.jobs.testing.FaultyHttpProxy;
import io.robustness.jobs.testing.LoopbackS3;
import io.robustness.jobs.testing.SampleSubset;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Audits whose every S3 request (listing, image and model reads, lease files, staging, the commit's
 * copies and deletes) passes a proxy that answers 503 SlowDown, resets connections and stalls
 * responses past the client's timeout on seeded schedules. Each run must either succeed with
 * exactly the rows of a fault-free run, or fail and leave the committed objects as they were, after
 * which a rerun completes. The figures are printed and written to {@code target/s3-faults.txt}.
 */
@ResourceLock(SparkTestSession.IN_THIS_JVM)
@Order(1)
class S3FaultsIT {

  private static final String BUCKET = "faults";
  private static final String OUTPUT = "s3a://" + BUCKET + "/results";

  /** Seeded schedules: one at rates a store under load shows, the last three times harsher. */
  private static final int SEEDS = 2;

  @TempDir static Path dir;
  private static LoopbackS3 s3;
  private static FaultyHttpProxy proxy;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    s3 = LoopbackS3.start("AKIAFAULTSTEST5X2Q", "faults-secret-1a2b3c4d5e");
    s3.upload(BUCKET, "images", SampleSubset.copy("mnist", 4, dir.resolve("images")));
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.copy(Samples.data("mnist").resolve("model.pt"), model.resolve("mnist.pt"));
    s3.upload(BUCKET, "models", model);
    proxy = FaultyHttpProxy.to(s3.port());
    spark =
        SparkTestSession.builder("local[2,4]")
            .config("spark.hadoop.fs.s3a.endpoint", proxy.url())
            .config("spark.hadoop.fs.s3a.endpoint.region", "us-east-1")
            .config("spark.hadoop.fs.s3a.path.style.access", "true")
            .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
            .config("spark.hadoop.fs.s3a.access.key", s3.accessKey())
            .config("spark.hadoop.fs.s3a.secret.key", s3.secretKey())
            .config(
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
            // A stalled response times out after 2 s and is retried; retries back off briefly.
            .config("spark.hadoop.fs.s3a.connection.timeout", "1s")
            .config("spark.hadoop.fs.s3a.connection.establish.timeout", "1s")
            .config("spark.hadoop.fs.s3a.retry.interval", "50ms")
            .config("spark.hadoop.fs.s3a.retry.throttle.interval", "50ms")
            .getOrCreate();
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static AuditSettings night() {
    return Samples.settings(
        "mnist",
        dir.resolve("unused"),
        "night",
        "robustness.dataset.uri=s3a://" + BUCKET + "/images",
        "robustness.model.uri=s3a://" + BUCKET + "/models/mnist.pt",
        "robustness.output.uri=" + OUTPUT,
        "robustness.attack.epsilons=[0, 0.1]",
        "robustness.report.enabled=false");
  }

  @Test
  void everyRunUnderFaultsEndsExactOrChangesNothingAndLosesNoRow() throws Exception {
    proxy.use(FaultyHttpProxy.Schedule.none());
    long started = System.nanoTime();
    AuditJob.run(spark, night());
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "fault-free run: %d requests, %.1f s%n",
            proxy.counts().getOrDefault("requests", 0L),
            (System.nanoTime() - started) / 1e9));
    Map<String, List<Row>> reference = rows();
    assertThat(reference.get(Tables.SAMPLES)).hasSize(80);

    long requests = 0;
    long faulted = 0;
    long retried = 0;
    int completed = 0;
    int failed = 0;
    long rowsLost = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      Map<String, String> before = committedObjects();
      double harsh = seed == SEEDS ? 3 : 1;
      proxy.use(
          new FaultyHttpProxy.Schedule(
              seed, 0.01 * harsh, 0.005 * harsh, 0.005 * harsh, 0.003 * harsh, 1500));
      long start = System.nanoTime();
      Map<String, Long> counts;
      String outcome;
      try {
        AuditResult result = AuditJob.run(spark, night());
        counts = proxy.counts();
        proxy.use(FaultyHttpProxy.Schedule.none());
        assertThat(result.run().status()).isEqualTo("succeeded");
        completed++;
        outcome =
            String.format(Locale.ROOT, "succeeded in %.1f s", (System.nanoTime() - start) / 1e9);
      } catch (Exception e) {
        counts = proxy.counts();
        proxy.use(FaultyHttpProxy.Schedule.none());
        failed++;
        outcome = "failed (" + firstLine(e) + ")";
        assertThat(committedObjects())
            .as("a failed attempt changes no committed object (seed %d)", seed)
            .isEqualTo(before);
        AuditJob.run(spark, night());
        report.append(summary(seed, counts, outcome + ", then a fault-free rerun succeeded"));
        Map<String, List<Row>> after = rows();
        rowsLost += lost(reference, after);
        assertThat(after).isEqualTo(reference);
        requests += counts.getOrDefault("requests", 0L);
        faulted += faulted(counts);
        retried += counts.getOrDefault("retried", 0L);
        continue;
      }
      report.append(summary(seed, counts, outcome));
      Map<String, List<Row>> after = rows();
      rowsLost += lost(reference, after);
      assertThat(after).as("seed %d", seed).isEqualTo(reference);
      requests += counts.getOrDefault("requests", 0L);
      faulted += faulted(counts);
      retried += counts.getOrDefault("retried", 0L);
    }
    report.append(
        String.format(
            Locale.ROOT,
            "total: %d runs under faults, %d completed, %d failed and left the committed run;"
                + " %d requests, %d faulted, %d retried; rows lost: %d%n",
            SEEDS,
            completed,
            failed,
            requests,
            faulted,
            retried,
            rowsLost));
    System.out.print(report);
    Files.writeString(
        Samples.root().resolve("jobs/target/s3-faults.txt"), report, StandardCharsets.UTF_8);
    assertThat(faulted).as("the schedules faulted requests").isPositive();
    assertThat(rowsLost).isZero();
  }

  private static String summary(long seed, Map<String, Long> counts, String outcome) {
    return String.format(Locale.ROOT, "seed %d: %s; %s%n", seed, outcome, counts);
  }

  private static long faulted(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(
            e -> List.of("slow_down", "reset_before", "reset_midway", "stall").contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The failure's message and where in the product it surfaced. */
  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    String where =
        java.util.Arrays.stream(e.getStackTrace())
            .filter(f -> f.getClassName().startsWith("io.robustness"))
            .findFirst()
            .map(f -> " at " + f.getClassName().replaceAll(".*\\.", "") + "." + f.getMethodName())
            .orElse("");
    return (nl < 0 ? m : m.substring(0, nl)).strip() + where;
  }

  /** Rows of the reference run's tables a fault could lose, read without faults. */
  private static Map<String, List<Row>> rows() {
    Map<String, List<Row>> out = new TreeMap<>();
    TableReader tables = new TableReader(spark, OUTPUT);
    for (String table : List.of(Tables.SAMPLES, Tables.CURVES, Tables.FLIPS, Tables.ERRORS)) {
      List<String> columns = new ArrayList<>(List.of(TableReader.schema(table).fieldNames()));
      out.put(
          table,
          tables
              .read(table)
              .orderBy(columns.get(0), columns.subList(1, columns.size()).toArray(String[]::new))
              .collectAsList());
    }
    return out;
  }

  private static long lost(Map<String, List<Row>> reference, Map<String, List<Row>> now) {
    long lost = 0;
    for (Map.Entry<String, List<Row>> t : reference.entrySet()) {
      List<Row> left = new ArrayList<>(t.getValue());
      now.get(t.getKey()).forEach(left::remove);
      lost += left.size();
    }
    return lost;
  }

  /** Every committed object under the output and its SHA-256, read from the store directly. */
  private static Map<String, String> committedObjects() throws IOException {
    BlobStore store = s3.blobStore();
    Map<String, String> out = new TreeMap<>();
    for (StorageMetadata m :
        store.list(BUCKET, ListContainerOptions.Builder.prefix("results/").recursive())) {
      String key = m.getName();
      String rel = key.substring("results/".length());
      if (rel.startsWith("_") || rel.startsWith(Tables.ATTEMPTS) || key.endsWith("/")) {
        continue;
      }
      try (var in = store.getBlob(BUCKET, key).getPayload().openStream()) {
        out.put(key, FileDigest.sha256(in.readAllBytes()));
      }
    }
    return out;
  }
}
