package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustness.jobs.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim on a run id: refused while live, taken over when stale, torn or asked; never two
 * holders; a taken-over attempt can neither renew over the new owner nor come back after it.
 */
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

  private OutputRoot output() {
    return OutputRoot.open(new Configuration(), dir.toUri().toString());
  }

  private List<Path> leaseFiles() throws Exception {
    Path folder = dir.resolve("_leases/c");
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
    }
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
    first.close();
    assertThat(dir.resolve("_leases")).as("released without history: nothing left").doesNotExist();
  }

  @Test
  void aStaleAttemptIsTakenOverAndThenChangesNothing() throws Exception {
    RunLease stale = claim(T0, false);
    RunLease fresh = claim(T0.plus(STALE).plusSeconds(1), false);
    assertThat(fresh.tookOver()).contains(stale.attempt()).contains("(stale)");
    assertThat(fresh.tookOverAttempts("audit"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.attempt()).isEqualTo(stale.attempt());
              assertThat(a.status()).isEqualTo(AttemptRecord.ABANDONED);
              assertThat(a.endedAt()).isEqualTo(T0);
            });
    assertThatThrownBy(() -> stale.checkOwned("committing"))
        .isInstanceOf(RunLease.TakenOver.class)
        .hasMessageContaining("taken over by attempt " + fresh.attempt())
        .hasMessageContaining("stopped before committing without changing the tables");
    assertThat(stale.isLost()).isTrue();
    stale.close();
    // The stale attempt's close leaves the new owner's lease alone.
    fresh.checkOwned("committing");
    fresh.close();
    assertThat(RunLease.read(output(), "c")).as("released").isNull();
  }

  @Test
  void takeoverClaimsOverAFreshHeartbeat() throws Exception {
    RunLease first = claim(T0, false);
    RunLease second = claim(T0.plusSeconds(5), true);
    assertThat(second.tookOver()).contains(first.attempt()).contains("--takeover");
    assertThat(second.tookOverAttempts("audit").get(0).status())
        .isEqualTo(AttemptRecord.TAKEN_OVER);
    assertThatThrownBy(() -> first.checkOwned("x")).isInstanceOf(RunLease.TakenOver.class);
  }

  @Test
  void aTakenOverAttemptCannotRenewOverTheNewOwner() throws Exception {
    RunLease old = claim(T0, false);
    RunLease owner = claim(T0.plus(STALE).plusSeconds(1), false);
    old.renew();
    assertThat(old.isLost()).isTrue();
    assertThat(RunLease.read(output(), "c").attempt()).isEqualTo(owner.attempt());
    owner.checkOwned("committing");
  }

  @Test
  void aTakenOverAttemptThatSleptThroughTheNewOwnersWholeRunStillFindsItselfReplaced()
      throws Exception {
    RunLease sleeper = claim(T0, false);
    RunLease owner = claim(T0.plus(STALE).plusSeconds(1), false);
    owner.close();
    assertThat(leaseFiles())
        .as("a release marker stays after a takeover, so late wakers find a newer claim")
        .singleElement()
        .satisfies(f -> assertThat(f.getFileName().toString()).endsWith("_released.json"));
    assertThatThrownBy(() -> sleeper.checkOwned("committing"))
        .isInstanceOf(RunLease.TakenOver.class);
    RunLease next = claim(T0.plusSeconds(10), false);
    assertThat(next.tookOver()).as("a released run is free").isNull();
    next.checkOwned("committing");
  }

  @Test
  void aTornOrUnreadableLeaseCountsAsStaleAndSaysWhy() throws Exception {
    RunLease torn = claim(T0, false);
    Path claimFile = leaseFiles().get(0);
    Files.writeString(claimFile, "{\"attempt\": \"" + torn.attempt(), StandardCharsets.UTF_8);
    LogCapture logs = LogCapture.start();
    RunLease next;
    try {
      next = claim(T0.plusSeconds(1), false);
    } finally {
      logs.stop();
    }
    assertThat(next.tookOver()).contains(torn.attempt()).contains("cannot be read");
    assertThat(logs.text())
        .contains("lease of attempt " + torn.attempt() + " cannot be read")
        .contains("does not parse")
        .contains("counts as stale");
    next.checkOwned("committing");
  }

  @Test
  void aHeartbeatCaughtMidWriteFallsBackToTheOneBefore() throws Exception {
    RunLease live = claim(T0, false);
    live.renew();
    List<Path> beats = leaseFiles();
    assertThat(beats).hasSize(2);
    Files.writeString(beats.get(1), "", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> claim(T0.plusSeconds(30), false))
        .isInstanceOf(RunLease.Refused.class)
        .hasMessageContaining(live.attempt());
  }

  /**
   * Attempts claiming in the same instant: at most one holds the run, and every other is refused
   * saying so. (Which one wins, if any, depends on the order the store sees them in; one that sees
   * a smaller contender withdraws, the smallest waits a few seconds for the others to go.)
   */
  @Test
  void ofAttemptsClaimingTogetherAtMostOneHoldsTheRunAndTheOthersSayWhy() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        Path output = dir.resolve("round-" + round);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RunLease>> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          claims.add(
              pool.submit(
                  () -> {
                    go.await();
                    return RunLease.claim(
                        new Configuration(),
                        output.toUri().toString(),
                        "c",
                        STALE,
                        false,
                        Clock.systemUTC());
                  }));
        }
        go.countDown();
        List<RunLease> won = new ArrayList<>();
        for (Future<RunLease> f : claims) {
          try {
            won.add(f.get());
          } catch (ExecutionException e) {
            assertThat(e.getCause())
                .isInstanceOf(RunLease.Refused.class)
                .hasMessageContaining("is being written by a live attempt");
          }
        }
        assertThat(won).as("round %d", round).hasSizeLessThanOrEqualTo(1);
        for (RunLease lease : won) {
          lease.checkOwned("committing");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A claimer that listed an empty folder long ago writes its claim at 1 after others held and
   * released 5 (or released 1 itself): its listing is out of date, and holding would hold the run
   * beside whoever claims next from the folder as it is. A live claim above is the usual refusal.
   */
  @Test
  void aClaimBelowOrAtANumberHeldAndReleasedMeanwhileIsSpent() throws Exception {
    String mine = "00000000-0000-0000-0000-00000000000a";
    String other = "00000000-0000-0000-0000-00000000000b";
    org.apache.hadoop.fs.FileSystem fs =
        org.apache.hadoop.fs.FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "l");
    fs.create(LeaseFiles.beat(folder, 1, mine, 0)).close();

    fs.create(LeaseFiles.released(folder, 5, other)).close();
    assertThat(RunLease.spentBy(LeaseFiles.list(fs, folder), 1, mine)).isEqualTo(other);

    fs.delete(LeaseFiles.released(folder, 5, other), false);
    fs.create(LeaseFiles.released(folder, 1, other)).close();
    assertThat(RunLease.spentBy(LeaseFiles.list(fs, folder), 1, mine)).isEqualTo(other);

    fs.delete(LeaseFiles.released(folder, 1, other), false);
    assertThat(RunLease.spentBy(LeaseFiles.list(fs, folder), 1, mine)).isNull();
    fs.create(LeaseFiles.beat(folder, 2, other, 0)).close();
    assertThat(RunLease.spentBy(LeaseFiles.list(fs, folder), 1, mine))
        .as("a live newer claim is a refusal of its own, not a spent number")
        .isNull();
  }

  @Test
  void attemptsRacingForTheRunNeverHoldItTogether() throws Exception {
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger held = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 15; i++) {
                  RunLease lease;
                  try {
                    lease =
                        RunLease.claim(
                            new Configuration(),
                            dir.toUri().toString(),
                            "race",
                            STALE,
                            false,
                            Clock.systemUTC());
                  } catch (RunLease.Refused refused) {
                    continue;
                  }
                  most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                  held.incrementAndGet();
                  lease.checkOwned("working");
                  holding.decrementAndGet();
                  lease.close();
                }
                return null;
              }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    assertThat(held.get()).isPositive();
    assertThat(most.get()).as("attempts holding the run at once").isEqualTo(1);
  }

  @Test
  void theHeartbeatIsRenewedWhileTheAttemptRuns() throws Exception {
    try (RunLease lease =
        RunLease.acquire(
            new Configuration(), dir.toUri().toString(), "c", Duration.ofMillis(1200), false)) {
      Instant first = RunLease.read(output(), "c").heartbeat();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!RunLease.read(output(), "c").heartbeat().isAfter(first)
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(RunLease.read(output(), "c").heartbeat()).isAfter(first);
      assertThat(RunLease.read(output(), "c").attempt()).isEqualTo(lease.attempt());
      // Three kept, and a fourth for the moment between writing a new one and removing the oldest.
      assertThat(leaseFiles()).as("old heartbeats are removed").hasSizeLessThanOrEqualTo(4);
    }
  }
}
