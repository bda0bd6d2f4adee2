package io.robustness.jobs.tables;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** States that dead attempts leave behind, for tests outside this package. */
public final class ProtocolFixtures {

  private ProtocolFixtures() {}

  /** A process death inside a commit. */
  public static final class Died extends Error {
    private static final long serialVersionUID = 1L;

    Died(String step) {
      super("died after " + step);
    }
  }

  /**
   * The lease of an attempt of {@code runId} whose last heartbeat was at {@code heartbeat}, as a
   * killed driver leaves it.
   *
   * @return the dead attempt's id
   */
  public static String deadAttempt(Path output, String runId, Instant heartbeat) throws Exception {
    return RunLease.claim(
            new Configuration(),
            output.toUri().toString(),
            runId,
            Duration.ofMinutes(3),
            false,
            Clock.fixed(heartbeat, ZoneOffset.UTC))
        .attempt();
  }

  /**
   * An attempt that reruns committed run {@code runId} and dies in its commit right after setting
   * the old {@code runs} row aside: the run has data partitions but no {@code runs} row until the
   * next attempt (or retain) rolls the commit back.
   */
  public static void diedHidingTheRun(SparkSession spark, Path output, String runId)
      throws IOException {
    String uri = output.toUri().toString();
    RunCommitter committer = new RunCommitter(spark, uri, runId);
    TableReader tables = new TableReader(spark, uri);
    for (String table : Tables.DATA_TABLES) {
      committer.stage(
          table, tables.read(table).filter("run_id = '" + runId + "'").drop(Tables.RUN_ID));
    }
    RunRecord row =
        new RunRecord(
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
            java.util.List.of(0.0),
            "fgsm",
            "{}",
            "local",
            1,
            java.util.Map.of(),
            "test",
            null,
            null,
            1.0,
            null,
            0,
            "dead");
    committer.onCheckpoint(
        step -> {
          if (step.startsWith("moved runs/")) {
            throw new Died(step);
          }
        });
    try {
      committer.commit(
          row,
          new AttemptRecord("dead", "audit", "h", Instant.now(), null, "succeeded", null, null));
    } catch (Died expected) {
      // As a killed process would, it stops here.
    }
  }
}
