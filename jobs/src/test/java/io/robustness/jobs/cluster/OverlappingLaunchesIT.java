package io.robustness.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.model.FileDigest;
import io.robustness.jobs.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts of one run id through the real launcher, as schedulers and people start and stop them: a
 * second attempt is refused while the first lives; a rerun stopped with SIGTERM (a scheduler's
 * timeout) or SIGINT (Ctrl-C) leaves the committed run byte for byte, records itself as interrupted
 * and releases the run at once; a rerun killed with SIGKILL is taken over once its heartbeat is
 * stale, and the run ends whole. Nothing here waits on a clock but the stale lease: the tests wait
 * for files and exits, with deadlines of minutes.
 */
@Order(7)
class OverlappingLaunchesIT {

  /**
   * Copies of each Fashion-MNIST sample image. One is enough: the slow attempts' PGD with 300 steps
   * keeps them scoring for minutes, and the quick ones need only finish.
   */
  private static final int COPIES = 1;

  private static final Duration DEADLINE = Duration.ofMinutes(5);

  @TempDir static Path dir;
  private static Path images;

  @BeforeAll
  static void images() throws IOException {
    images = dir.resolve("images");
    Path source = Samples.data("fashion-mnist").resolve("images");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path cls = Files.createDirectories(images.resolve(source.relativize(f).getParent()));
        for (int i = 0; i < COPIES; i++) {
          Files.copy(f, cls.resolve(i + "-" + f.getFileName()));
        }
      }
    }
  }

  /** An audit of run {@code c}: FGSM at two epsilons, a few seconds of scoring. */
  private static Process quick(Path output, Path log, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("--set", "robustness.attack.epsilons=[0, 0.1]"));
    args.addAll(List.of(more));
    return launch(output, log, args);
  }

  /**
   * An audit of run {@code c} whose scoring takes minutes (PGD with many steps over every image);
   * the driver's dry run on two images stays short.
   */
  private static Process slow(Path output, Path log, String... more) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--set",
                "robustness.attack.kinds=[pgd]",
                "--set",
                "robustness.attack.steps=300",
                "--set",
                "robustness.attack.epsilons=[0.1]"));
    args.addAll(List.of(more));
    return launch(output, log, args);
  }

  private static Process launch(Path output, Path log, List<String> more) throws IOException {
    List<String> command = new ArrayList<>();
    // A process started from a shell script's background job inherits SIGINT ignored, and an
    // ignored signal can be reset only before exec: coreutils' env does it, so the launch reacts to
    // SIGINT as from a terminal wherever the build itself was started.
    command.addAll(List.of("env", "--default-signal=INT,TERM"));
    command.add(Samples.root().resolve("deploy/local/robustness").toString());
    command.addAll(
        List.of(
            "audit",
            "--conf",
            Samples.conf("fashion-mnist").toString(),
            "--set",
            "robustness.dataset.uri=" + images,
            "--set",
            "robustness.run.id=c",
            "--set",
            "robustness.output.uri=" + output,
            "--set",
            "robustness.report.enabled=false"));
    command.addAll(more);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The archive's training (half a minute) is not this test's subject: LauncherClassSharingTest
    // covers when the launcher trains and uses it.
    builder.environment().put("ROBUSTNESS_CDS", "off");
    return builder.start();
  }

  /** Waits until the attempt is scoring: Spark has begun writing its first staged table. */
  private static void awaitScoring(Path output, Process attempt, Path log) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(attempt.isAlive()).as("still running; see %s", read(log)).isTrue();
      Path staging = output.resolve("_staging/c");
      if (Files.isDirectory(staging)) {
        try (Stream<Path> attempts = Files.list(staging)) {
          if (attempts.anyMatch(a -> Files.isDirectory(a.resolve("samples")))) {
            return;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the attempt did not start scoring within " + DEADLINE);
  }

  private static int exit(Process p, Path log) throws Exception {
    assertThat(p.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
        .as("ended; see %s", log)
        .isTrue();
    return p.exitValue();
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static void signal(Process p, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
    assertThat(kill.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  @Test
  void aLiveAttemptRefusesTheNextAndAStoppedRerunLeavesTheCommittedRunAndReleasesIt()
      throws Exception {
    Path output = dir.resolve("stopped");
    Path baseLog = dir.resolve("base.log");
    assertThat(exit(quick(output, baseLog), baseLog)).as(read(baseLog)).isZero();
    Map<String, String> committed = committedFiles(output);
    List<String> curves = curves(output);

    // SIGTERM, as a scheduler's timeout or a deleted pod sends it, then SIGINT, as Ctrl-C does.
    for (String signal : List.of("TERM", "INT")) {
      Path slowLog = dir.resolve("slow-" + signal + ".log");
      Process rerun = slow(output, slowLog);
      awaitScoring(output, rerun, slowLog);

      if (signal.equals("TERM")) {
        Path refusedLog = dir.resolve("refused.log");
        assertThat(exit(quick(output, refusedLog), refusedLog)).as(read(refusedLog)).isEqualTo(2);
        assertThat(read(refusedLog))
            .contains("run c is being written by a live attempt")
            .contains("on host ")
            .contains("--takeover");
      }

      signal(rerun, signal);
      int status = exit(rerun, slowLog);
      assertThat(status).as(read(slowLog)).isEqualTo(signal.equals("TERM") ? 143 : 130);
      assertThat(read(slowLog)).contains("audit run c was interrupted");

      assertThat(committedFiles(output)).as("after SIG%s", signal).isEqualTo(committed);
      assertThat(curves(output)).isEqualTo(curves);
      assertThat(output.resolve("_staging")).doesNotExist();
      assertThat(output.resolve("_leases/c")).as("released at once").doesNotExist();
      assertThat(attempts(output)).contains("interrupted");
    }

    Path againLog = dir.resolve("again.log");
    assertThat(
            exit(quick(output, againLog, "--set", "robustness.attack.epsilons=[0, 0.2]"), againLog))
        .as("runs at once, not refused: " + read(againLog))
        .isZero();
    assertThat(runs(output)).singleElement().asString().startsWith("c succeeded ");
    assertThat(curves(output)).isNotEqualTo(curves);
    assertThat(attempts(output))
        .containsExactlyInAnyOrder("succeeded", "interrupted", "interrupted", "succeeded");
  }

  @Test
  void anAttemptKilledMidRunIsTakenOverOnceStaleAndTheRunEndsWhole() throws Exception {
    Path output = dir.resolve("killed");
    Path firstLog = dir.resolve("killed-first.log");
    Process first = slow(output, firstLog, "--set", "robustness.run.stale-after=4s");
    awaitScoring(output, first, firstLog);
    first.destroyForcibly();
    assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();

    // Until its heartbeat is 4 s old, the dead attempt's lease refuses the next: try again.
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    int tries = 0;
    String log;
    int status;
    do {
      Path next = dir.resolve("killed-next-" + ++tries + ".log");
      status = exit(quick(output, next, "--set", "robustness.run.stale-after=4s"), next);
      log = read(next);
      if (status == 2) {
        assertThat(log).contains("is being written by a live attempt");
        Thread.sleep(1000);
      }
    } while (status == 2 && System.nanoTime() < deadline);
    assertThat(status).as(log).isZero();
    assertThat(log).contains("taking over from attempt").contains("(stale)");
    assertThat(runs(output)).singleElement().asString().startsWith("c succeeded ");
    assertThat(samples(output)).isEqualTo(2L * COPIES * 300);
    assertThat(attempts(output)).containsExactlyInAnyOrder("abandoned", "succeeded");
    assertThat(output.resolve("_staging")).doesNotExist();
  }

  /** Every file of the committed tables and its SHA-256 (attempts, staging and leases aside). */
  private static Map<String, String> committedFiles(Path output) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(output)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = output.relativize(f).toString();
        if (!rel.startsWith("_") && !rel.startsWith("attempts")) {
          out.put(rel, FileDigest.sha256(Files.readAllBytes(f)));
        }
      }
    }
    return out;
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String table(Path output, String name) {
    return "read_parquet('" + output.resolve(name) + "/*/*.parquet', hive_partitioning = true)";
  }

  private static List<String> runs(Path output) throws SQLException {
    return query("SELECT run_id || ' ' || status || ' ' || attempt FROM " + table(output, "runs"));
  }

  private static List<String> curves(Path output) throws SQLException {
    return query(
        "SELECT epsilon || ' ' || images || ' ' || accuracy FROM "
            + table(output, "curves")
            + " ORDER BY epsilon");
  }

  private static List<String> attempts(Path output) throws SQLException {
    return query("SELECT status FROM " + table(output, "attempts"));
  }

  private static long samples(Path output) throws SQLException {
    return Long.parseLong(query("SELECT count(*) FROM " + table(output, "samples")).get(0));
  }
}
