package io.robustness.jobs.tables;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live attempt's claim on its run id: {@code <output>/_leases/<run_id>.json} names the attempt,
 * its host, when it started and its last heartbeat, renewed while it runs. A second attempt is
 * refused while the heartbeat is fresh; one older than {@code stale-after} may be taken over. Every
 * step that changes the run's files first checks that the lease is still this attempt's ({@link
 * #checkOwned}), so an attempt that was taken over stops without touching what the new owner wrote.
 *
 * <p>Claiming is last-writer-wins on the lease file, then settle and read back: of two attempts
 * starting together exactly one reads its own claim. Object stores have no atomic compare-and-swap
 * here; the window is the settle time, and the README says what that means.
 */
public final class RunLease implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration SETTLE = Duration.ofMillis(500);

  /** robustness.run.stale-after's default, for commands that have no settings (retain). */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(3);

  /** Who holds a run, as the lease file says. */
  public record Holder(String attempt, String host, Instant started, Instant heartbeat) {

    /** True while the heartbeat is younger than {@code staleAfter}: the attempt counts as alive. */
    boolean isFresh(Instant now, Duration staleAfter) {
      return Duration.between(heartbeat, now).compareTo(staleAfter) < 0;
    }

    String describe(Instant now) {
      return String.format(
          Locale.ROOT,
          "attempt %s on host %s, started %s, last heartbeat %d s ago",
          attempt,
          host,
          started,
          Duration.between(heartbeat, now).toSeconds());
    }
  }

  /** A live attempt holds the run: the new one must not start. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /** This attempt no longer holds its run: another took it over. */
  public static final class TakenOver extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    TakenOver(String message) {
      super(message);
    }
  }

  private final OutputRoot output;
  private final String runId;
  private final Holder mine;
  private final Duration staleAfter;
  private final Clock clock;
  private final AtomicBoolean lost = new AtomicBoolean();
  private final String tookOver;
  private ScheduledExecutorService heartbeat;

  private RunLease(
      OutputRoot output,
      String runId,
      Holder mine,
      Duration staleAfter,
      Clock clock,
      String tookOver) {
    this.output = output;
    this.runId = runId;
    this.mine = mine;
    this.staleAfter = staleAfter;
    this.clock = clock;
    this.tookOver = tookOver;
  }

  /**
   * Claims {@code runId} under {@code outputUri} and starts renewing the heartbeat every {@code
   * staleAfter / 6}.
   *
   * @param takeover claim even over a fresh heartbeat (the user knows that attempt is dead)
   * @throws Refused when a live attempt holds the run, naming it and what to do
   */
  public static RunLease acquire(
      Configuration hadoop, String outputUri, String runId, Duration staleAfter, boolean takeover)
      throws Refused, IOException {
    RunLease lease = claim(hadoop, outputUri, runId, staleAfter, takeover, Clock.systemUTC());
    lease.startHeartbeat(staleAfter.dividedBy(6));
    return lease;
  }

  static RunLease claim(
      Configuration hadoop,
      String outputUri,
      String runId,
      Duration staleAfter,
      boolean takeover,
      Clock clock)
      throws Refused, IOException {
    OutputRoot output = OutputRoot.open(hadoop, outputUri);
    Instant now = clock.instant();
    Holder current = read(output, runId);
    String tookOver = null;
    if (current != null) {
      boolean fresh = current.isFresh(now, staleAfter);
      if (fresh && !takeover) {
        throw new Refused(refusal(runId, current, now, staleAfter));
      }
      tookOver = current.describe(now) + (fresh ? " (taken over with --takeover)" : " (stale)");
    }
    Holder mine = new Holder(UUID.randomUUID().toString(), host(), now, now);
    write(output, runId, mine);
    pause(SETTLE);
    Holder after = read(output, runId);
    if (after == null || !after.attempt().equals(mine.attempt())) {
      // Another attempt claimed the run in the same moment and wrote last: it holds the run.
      throw new Refused(
          refusal(runId, after == null ? mine : after, clock.instant(), staleAfter)
              + " (it started at the same moment as this one)");
    }
    if (tookOver != null) {
      LOG.warn("run {}: took over from {}", runId, tookOver);
    }
    return new RunLease(output, runId, mine, staleAfter, clock, tookOver);
  }

  private static String refusal(String runId, Holder holder, Instant now, Duration staleAfter) {
    return String.format(
        Locale.ROOT,
        "run %s is being written by a live %s: wait for it to finish, or, if you know it is dead,"
            + " rerun with --takeover (or wait until its heartbeat is older than %s s, when it counts"
            + " as stale and is taken over by itself)",
        runId,
        holder.describe(now),
        staleAfter.toSeconds());
  }

  /** Which attempt this run took over, or null when it held nobody's lease. */
  public String tookOver() {
    return tookOver;
  }

  public String attempt() {
    return mine.attempt();
  }

  /**
   * @throws TakenOver when the lease file no longer names this attempt
   */
  public void checkOwned(String step) throws IOException {
    if (lost.get()) {
      throw takenOver(step, null);
    }
    Holder current = read(output, runId);
    if (current == null || !current.attempt().equals(mine.attempt())) {
      lost.set(true);
      throw takenOver(step, current);
    }
  }

  private TakenOver takenOver(String step, Holder current) {
    return new TakenOver(
        "attempt "
            + mine.attempt()
            + " of run "
            + runId
            + " was taken over"
            + (current == null ? "" : " by " + current.describe(clock.instant()))
            + ": stopped before "
            + step
            + " without changing the tables");
  }

  /** True once a renewal or check found the lease taken over. */
  public boolean isLost() {
    return lost.get();
  }

  /** Rewrites the heartbeat if the lease is still this attempt's. */
  void renew() {
    try {
      checkOwned("renewing the heartbeat");
      write(
          output, runId, new Holder(mine.attempt(), mine.host(), mine.started(), clock.instant()));
    } catch (TakenOver e) {
      LOG.error("run {}: {}", runId, e.getMessage());
    } catch (IOException e) {
      // A passing store error: the next renewal tries again, well before the lease goes stale.
      LOG.warn("run {}: heartbeat not renewed: {}", runId, e.getMessage());
    }
  }

  private void startHeartbeat(Duration every) {
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "run-lease-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(100, every.toMillis());
    heartbeat.scheduleAtFixedRate(this::renew, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Stops renewing and removes the lease if it is still this attempt's. */
  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    try {
      Holder current = read(output, runId);
      if (current != null && current.attempt().equals(mine.attempt())) {
        output.fs().delete(output.lease(runId), false);
        output.deleteIfEmpty(output.lease(runId).getParent());
      }
    } catch (IOException e) {
      LOG.warn("run {}: lease not removed ({}); it goes stale by itself", runId, e.getMessage());
    }
  }

  /** The holder of {@code runId} under {@code output}, or null; for retention and tests. */
  static Holder read(OutputRoot output, String runId) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      try (InputStream in = output.fs().open(output.lease(runId))) {
        Map<?, ?> m = JSON.readValue(in.readAllBytes(), Map.class);
        return new Holder(
            (String) m.get("attempt"),
            (String) m.get("host"),
            Instant.parse((String) m.get("started")),
            Instant.parse((String) m.get("heartbeat")));
      } catch (FileNotFoundException e) {
        return null;
      } catch (IOException | RuntimeException e) {
        // Caught mid-write by its owner: read again.
        pause(Duration.ofMillis(100));
      }
    }
    throw new IOException("lease " + output.lease(runId) + " cannot be read");
  }

  /** True when a live attempt (heartbeat fresher than {@code staleAfter}) holds {@code runId}. */
  static boolean isLive(OutputRoot output, String runId, Duration staleAfter, Instant now)
      throws IOException {
    Holder h = read(output, runId);
    return h != null && h.isFresh(now, staleAfter);
  }

  private static void write(OutputRoot output, String runId, Holder h) throws IOException {
    byte[] json =
        JSON.writeValueAsBytes(
            Map.of(
                "attempt", h.attempt(),
                "host", h.host(),
                "started", h.started().toString(),
                "heartbeat", h.heartbeat().toString()));
    output.fs().mkdirs(output.lease(runId).getParent());
    try (FSDataOutputStream out = output.fs().create(output.lease(runId), true)) {
      out.write(json);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
