package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claim on a run id: refused while live, taken over when stale or asked, one winner of two. */
class RunLeaseTest {

  private static final Duration STALE = Duration.ofMinutes(3);
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path dir;

  private RunLease claim(Instant at, boolean takeover) throws Exception {
    return RunLease.claim(
        new Configuration(),
        dir.toUri().toString(),
        "c",
        STALE,
        takeover,
        Clock.fixed(at, ZoneOffset.UTC));
  }

  @Test
  void aSecondAttemptIsRefusedWhileTheFirstIsLiveNamingItAndTheWayOut() throws Exception {
    RunLease first = claim(T0, false);
    assertThatThrownBy(() -> claim(T0.plusSeconds(60), false))
        .isInstanceOf(RunLease.Refused.class)
        .hasMessageContaining("run c is being written by a live attempt " + first.attempt())
        .hasMessageContaining("on host ")
        .hasMessageContaining("started " + T0)
        .hasMessageContaining("last heartbeat 60 s ago")
        .hasMessageContaining("--takeover");
    first.checkOwned("committing");
  }

  @Test
  void aStaleAttemptIsTakenOverAndThenChangesNothing() throws Exception {
    RunLease stale = claim(T0, false);
    RunLease fresh = claim(T0.plus(STALE).plusSeconds(1), false);
    assertThat(fresh.tookOver()).contains(stale.attempt()).contains("(stale)");
    assertThatThrownBy(() -> stale.checkOwned("committing"))
        .isInstanceOf(RunLease.TakenOver.class)
        .hasMessageContaining("taken over by attempt " + fresh.attempt())
        .hasMessageContaining("stopped before committing without changing the tables");
    assertThat(stale.isLost()).isTrue();
    stale.close();
    // The stale attempt's close leaves the new owner's lease alone.
    fresh.checkOwned("committing");
    fresh.close();
    assertThat(RunLease.read(OutputRoot.open(new Configuration(), dir.toUri().toString()), "c"))
        .isNull();
  }

  @Test
  void takeoverClaimsOverAFreshHeartbeat() throws Exception {
    RunLease first = claim(T0, false);
    RunLease second = claim(T0.plusSeconds(5), true);
    assertThat(second.tookOver()).contains(first.attempt()).contains("--takeover");
    assertThatThrownBy(() -> first.checkOwned("x")).isInstanceOf(RunLease.TakenOver.class);
  }

  @Test
  void ofTwoAttemptsStartingTogetherExactlyOneHoldsTheRun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<RunLease>> claims = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      claims.add(
          pool.submit(
              () -> {
                go.await();
                return claim(T0, false);
              }));
    }
    go.countDown();
    int won = 0;
    int refused = 0;
    for (Future<RunLease> f : claims) {
      try {
        f.get();
        won++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(RunLease.Refused.class);
        refused++;
      }
    }
    pool.shutdown();
    assertThat(won).isEqualTo(1);
    assertThat(refused).isEqualTo(1);
  }

  @Test
  void theHeartbeatIsRenewedWhileTheAttemptRuns() throws Exception {
    try (RunLease lease =
        RunLease.acquire(
            new Configuration(), dir.toUri().toString(), "c", Duration.ofMillis(1200), false)) {
      OutputRoot output = OutputRoot.open(new Configuration(), dir.toUri().toString());
      Instant first = RunLease.read(output, "c").heartbeat();
      Thread.sleep(700);
      assertThat(RunLease.read(output, "c").heartbeat()).isAfter(first);
      assertThat(RunLease.isLive(output, "c", Duration.ofMillis(1200), Instant.now())).isTrue();
    }
  }
}
