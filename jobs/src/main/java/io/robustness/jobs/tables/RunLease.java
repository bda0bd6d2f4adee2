package io.robustness.jobs.tables;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustness.jobs.store.RetryingFileSystem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live attempt's claim on its run id, in {@code <output>/_leases/<run_id>/} ({@link LeaseFiles}):
 * the attempt, its host, when it started and its heartbeat, renewed every sixth of {@code
 * stale-after} while it runs. A second attempt is refused while the heartbeat is fresh; one older
 * than {@code stale-after} (or with {@code --takeover}) is taken over. Every step that changes the
 * run's files first checks that the lease is still this attempt's ({@link #checkOwned}).
 *
 * <p>Claiming needs no compare-and-swap and no settle time. An attempt writes a claim file with the
 * next sequence number, then lists the folder: it holds the run when it is the only live claim at
 * the highest number. Two attempts that claim the same number cannot both see themselves alone
 * (each lists after its own write, so the later lister sees both); of two that see each other, the
 * larger attempt id withdraws at once and the smaller waits for it to go. A claim with a higher
 * number (a takeover) ends an older holder: its next check finds it. Only the folder listing must
 * be consistent after a write, as on local disks, HDFS and S3. Timing matters for one thing only:
 * whether a heartbeat is stale, judged by the reader's clock against the writer's.
 */
public final class RunLease implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How long the smallest of several simultaneous claimers waits for the others to withdraw (they
   * do so right after one listing). It cannot tell them from a holder that won just before it
   * claimed; that one never withdraws, and this one is refused after the wait.
   */
  private static final Duration CONTENTION_WAIT = Duration.ofSeconds(3);

  /** Heartbeat files kept per attempt: a reader listing just before a renewal still finds one. */
  private static final int BEATS_KEPT = 3;

  /** robustness.run.stale-after's default, for commands that have no settings (retain). */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(3);

  /** Who holds a run, as its newest readable heartbeat says. */
  public record Holder(String attempt, String host, Instant started, Instant heartbeat) {

    /** True while the heartbeat is younger than {@code staleAfter}: the attempt counts as alive. */
    boolean isFresh(Instant now, Duration staleAfter) {
      return heartbeat != null && Duration.between(heartbeat, now).compareTo(staleAfter) < 0;
    }

    String describe(Instant now) {
      if (heartbeat == null) {
        return "attempt " + attempt + " (its lease cannot be read)";
      }
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

  private final FileSystem fs;
  private final Path folder;
  private final Path leasesRoot;
  private final String runId;
  private final long seq;
  private final Holder mine;
  private final Clock clock;
  private final AtomicBoolean lost = new AtomicBoolean();
  private final List<Holder> tookOver;
  private final List<Boolean> tookOverFresh;
  private final String tookOverDescription;
  private long beat;
  private boolean closed;
  private ScheduledExecutorService heartbeat;

  private RunLease(
      OutputRoot output,
      String runId,
      long seq,
      Holder mine,
      Clock clock,
      List<Holder> tookOver,
      List<Boolean> tookOverFresh,
      String tookOverDescription) {
    this.fs = output.fs();
    this.folder = output.lease(runId);
    this.leasesRoot = folder.getParent();
    this.runId = runId;
    this.seq = seq;
    this.mine = mine;
    this.clock = clock;
    this.tookOver = List.copyOf(tookOver);
    this.tookOverFresh = List.copyOf(tookOverFresh);
    this.tookOverDescription = tookOverDescription;
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
    FileSystem fs = output.fs();
    Path folder = output.lease(runId);
    Instant now = clock.instant();
    Claims before = Claims.read(fs, folder);
    long top = before.top();
    List<Holder> previous = new ArrayList<>();
    List<Boolean> previousFresh = new ArrayList<>();
    List<String> described = new ArrayList<>();
    for (Holder holder : before.holders()) {
      boolean fresh = holder.isFresh(now, staleAfter);
      if (fresh && !takeover) {
        throw new Refused(refusal(runId, holder, now, staleAfter));
      }
      previous.add(holder);
      previousFresh.add(fresh);
      described.add(holder.describe(now) + (fresh ? " (taken over with --takeover)" : " (stale)"));
    }
    long seq = top + 1;
    Holder mine = new Holder(UUID.randomUUID().toString(), host(), now, now);
    write(fs, LeaseFiles.beat(folder, seq, mine.attempt(), 0), mine);
    awaitSole(fs, folder, runId, seq, mine, clock, staleAfter);
    String tookOver = described.isEmpty() ? null : String.join("; ", described);
    if (tookOver != null) {
      LOG.warn("run {}: took over from {}", runId, tookOver);
    }
    return new RunLease(output, runId, seq, mine, clock, previous, previousFresh, tookOver);
  }

  /**
   * Returns once {@code mine} is the only live claim at {@code seq}; withdraws and refuses when a
   * newer claim exists, or when an attempt with a smaller id claimed the same number.
   */
  private static void awaitSole(
      FileSystem fs,
      Path folder,
      String runId,
      long seq,
      Holder mine,
      Clock clock,
      Duration staleAfter)
      throws Refused, IOException {
    long deadline = System.nanoTime() + CONTENTION_WAIT.toNanos();
    long pause = 50;
    while (true) {
      LeaseFiles after = LeaseFiles.list(fs, folder);
      // Another attempt held this number or a newer one and has released it: this claim rests on
      // a listing made before that attempt claimed, and a claimer that listed after the release
      // is already claiming the next number. Holding this one would hold the run beside it.
      String spent = spentBy(after, seq, mine.attempt());
      if (spent != null) {
        withdraw(fs, folder, seq, mine.attempt());
        throw new Refused(
            "run "
                + runId
                + ": attempt "
                + spent
                + " held the run and released it while this attempt was claiming it: start again");
      }
      Set<String> claims = after.claimsAt(seq);
      String other =
          after.top() > seq
              ? after.claimsAt(after.top()).stream().findFirst().orElse(null)
              : claims.stream().filter(a -> !a.equals(mine.attempt())).findFirst().orElse(null);
      if (other == null && claims.contains(mine.attempt()) && after.top() == seq) {
        return;
      }
      boolean yields =
          other == null
              || after.top() > seq
              || other.compareTo(mine.attempt()) < 0
              || System.nanoTime() > deadline;
      if (yields) {
        withdraw(fs, folder, seq, mine.attempt());
        Holder holder =
            other == null ? null : holder(fs, after, after.top() > seq ? after.top() : seq, other);
        throw new Refused(
            (holder == null
                    ? "run " + runId + ": this attempt's claim disappeared"
                    : refusal(runId, holder, clock.instant(), staleAfter))
                + " (it claimed the run at the same moment as this one)");
      }
      pause(Duration.ofMillis(pause));
      pause = Math.min(500, pause * 2);
    }
  }

  /**
   * The attempt that released {@code seq} (other than {@code mine}) or the newest number while no
   * live claim stands there, or null.
   */
  static String spentBy(LeaseFiles files, long seq, String mine) {
    long top = files.top();
    long at = top > seq && files.claimsAt(top).isEmpty() ? top : seq;
    return files.releasedAt(at).stream().filter(a -> !a.equals(mine)).findFirst().orElse(null);
  }

  private static void withdraw(FileSystem fs, Path folder, long seq, String attempt)
      throws IOException {
    for (LeaseFiles.Entry e : LeaseFiles.list(fs, folder).beats(seq, attempt)) {
      fs.delete(e.path(), false);
    }
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
    return tookOverDescription;
  }

  /**
   * The {@code attempts} rows of the attempts this one took over: {@code abandoned} when their
   * heartbeat was stale (their driver died), {@code taken-over} when --takeover ended a fresh one.
   * They ended, as far as anyone knows, at their last heartbeat.
   */
  public List<AttemptRecord> tookOverAttempts(String command) {
    List<AttemptRecord> out = new ArrayList<>();
    for (int i = 0; i < tookOver.size(); i++) {
      Holder h = tookOver.get(i);
      boolean fresh = tookOverFresh.get(i);
      out.add(
          new AttemptRecord(
              h.attempt(),
              command,
              h.host(),
              h.started(),
              h.heartbeat(),
              fresh ? AttemptRecord.TAKEN_OVER : AttemptRecord.ABANDONED,
              (h.heartbeat() == null
                      ? "its lease could not be read"
                      : "its last heartbeat was at " + h.heartbeat())
                  + (fresh ? "; ended with --takeover" : "; stale")
                  + " and taken over by attempt "
                  + mine.attempt(),
              null));
    }
    return out;
  }

  public String attempt() {
    return mine.attempt();
  }

  /** This attempt's host and start, as its lease says. */
  public Holder holder() {
    return mine;
  }

  /**
   * @throws TakenOver when a newer claim exists or this attempt's own claim is gone
   */
  public void checkOwned(String step) throws IOException {
    if (lost.get()) {
      throw takenOver(step, null);
    }
    LeaseFiles files = LeaseFiles.list(fs, folder);
    if (files.top() > seq || files.beats(seq, mine.attempt()).isEmpty()) {
      lost.set(true);
      long top = files.top();
      Holder newer =
          files.claimsAt(top).stream()
              .filter(a -> !a.equals(mine.attempt()))
              .findFirst()
              .map(a -> holderOrNull(files, top, a))
              .orElse(null);
      throw takenOver(step, newer);
    }
  }

  private Holder holderOrNull(LeaseFiles files, long at, String attempt) {
    try {
      return holder(fs, files, at, attempt);
    } catch (IOException e) {
      return null;
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

  /** Writes a new heartbeat if the lease is still this attempt's; keeps the newest few. */
  synchronized void renew() {
    if (closed) {
      return;
    }
    try {
      checkOwned("renewing the heartbeat");
      beat++;
      write(
          fs,
          LeaseFiles.beat(folder, seq, mine.attempt(), beat),
          new Holder(mine.attempt(), mine.host(), mine.started(), clock.instant()));
      if (beat >= BEATS_KEPT) {
        fs.delete(LeaseFiles.beat(folder, seq, mine.attempt(), beat - BEATS_KEPT), false);
      }
    } catch (TakenOver e) {
      LOG.error("run {}: {}", runId, e.getMessage());
      if (heartbeat != null) {
        heartbeat.shutdown();
      }
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

  /**
   * Stops renewing and releases the run. Files of attempts this one outlived are removed; where any
   * existed, a release marker with this attempt's number stays, so that one of them that wakes
   * finds a newer claim and stops. Without such history the folder is removed.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    try {
      LeaseFiles files = LeaseFiles.list(fs, folder);
      if (lost.get()) {
        removeOwnBeats(files);
        return;
      }
      boolean outlived = !tookOver.isEmpty();
      for (LeaseFiles.Entry e : files.below(seq)) {
        outlived = true;
        fs.delete(e.path(), false);
      }
      boolean othersHere =
          files.all().stream().anyMatch(e -> e.seq() == seq && !e.attempt().equals(mine.attempt()));
      if (outlived || othersHere) {
        write(fs, LeaseFiles.released(folder, seq, mine.attempt()), mine);
      }
      removeOwnBeats(files);
      removeIfEmpty(folder);
      removeIfEmpty(leasesRoot);
    } catch (IOException e) {
      LOG.warn("run {}: lease not released ({}); it goes stale by itself", runId, e.getMessage());
    }
  }

  private void removeOwnBeats(LeaseFiles files) throws IOException {
    for (LeaseFiles.Entry e : files.beats(seq, mine.attempt())) {
      fs.delete(e.path(), false);
    }
  }

  private void removeIfEmpty(Path dir) {
    OutputRoot.removeIfEmpty(fs, dir);
  }

  /**
   * The freshest live claim on {@code runId} under {@code output}, or null when none; for retention
   * and tests. A claim whose heartbeats cannot be read has a null heartbeat (stale).
   */
  static Holder read(OutputRoot output, String runId) throws IOException {
    Holder freshest = null;
    for (Holder h : Claims.read(output.fs(), output.lease(runId)).holders()) {
      if (freshest == null
          || (h.heartbeat() != null
              && (freshest.heartbeat() == null || h.heartbeat().isAfter(freshest.heartbeat())))) {
        freshest = h;
      }
    }
    return freshest;
  }

  /** True when a live attempt (heartbeat fresher than {@code staleAfter}) holds {@code runId}. */
  static boolean isLive(OutputRoot output, String runId, Duration staleAfter, Instant now)
      throws IOException {
    Holder h = read(output, runId);
    return h != null && h.isFresh(now, staleAfter);
  }

  /** How many listings a reader makes before it takes a claim whose files all vanished as stale. */
  private static final int LISTINGS = 20;

  /** The claims at the newest number of a lease folder, each with what its heartbeat says. */
  private record Claims(long top, List<Holder> holders) {

    /**
     * Lists and reads the claims at the newest number. A claim whose every heartbeat disappeared
     * between the listing and the read was withdrawn or released since, and the listing is out of
     * date (the folder may even have been removed, its numbers starting again): the folder is
     * listed again rather than the claim being taken for a stale one, up to {@link #LISTINGS}
     * times.
     */
    static Claims read(FileSystem fs, Path folder) throws IOException {
      for (int listing = 1; ; listing++) {
        LeaseFiles files = LeaseFiles.list(fs, folder);
        long top = files.top();
        Set<String> claims = files.claimsAt(top);
        List<Holder> holders = new ArrayList<>();
        for (String attempt : claims) {
          Holder h = holder(fs, files, top, attempt, listing == LISTINGS);
          if (h == null) {
            break;
          }
          holders.add(h);
        }
        if (holders.size() == claims.size()) {
          return new Claims(top, holders);
        }
        pause(Duration.ofMillis(10L * listing));
      }
    }
  }

  private static Holder holder(FileSystem fs, LeaseFiles files, long seq, String attempt)
      throws IOException {
    return holder(fs, files, seq, attempt, true);
  }

  /**
   * What the newest readable heartbeat of {@code attempt} says. A heartbeat that does not parse (a
   * torn or foreign file) is skipped for the one before it; when none parses the holder has no
   * heartbeat, so it counts as stale, and the cause is logged. Store errors are thrown, not taken
   * for staleness.
   *
   * @param last when false, null if every listed heartbeat disappeared (the listing is out of
   *     date); when true, such a holder counts as stale too
   */
  private static Holder holder(
      FileSystem fs, LeaseFiles files, long seq, String attempt, boolean last) throws IOException {
    String cause = "no heartbeat file";
    boolean allGone = !files.beats(seq, attempt).isEmpty();
    for (LeaseFiles.Entry e : files.beats(seq, attempt)) {
      try {
        Map<?, ?> m = JSON.readValue(RetryingFileSystem.of(fs).readAll(e.path()), Map.class);
        return new Holder(
            (String) m.get("attempt"),
            (String) m.get("host"),
            Instant.parse((String) m.get("started")),
            Instant.parse((String) m.get("heartbeat")));
      } catch (FileNotFoundException gone) {
        // Rotated away by its owner since the listing: an older one is still there.
        cause = "heartbeat " + e.path().getName() + " disappeared";
      } catch (RuntimeException
          | com.fasterxml.jackson.core.JacksonException
          | org.apache.hadoop.fs.ChecksumException
          | java.io.EOFException bad) {
        allGone = false;
        cause = "heartbeat " + e.path() + " does not parse: " + bad.getMessage();
        LOG.warn("lease of attempt {}: {}", attempt, cause);
      }
    }
    if (allGone && !last) {
      return null;
    }
    LOG.warn("lease of attempt {} cannot be read ({}): it counts as stale", attempt, cause);
    return new Holder(attempt, "unknown", null, null);
  }

  /**
   * Writes under a hidden name, then renames: a reader never sees a half-written lease file (S3
   * writes objects whole anyway; local disks and HDFS rename atomically).
   */
  private static void write(FileSystem fs, Path path, Holder h) throws IOException {
    byte[] json =
        JSON.writeValueAsBytes(
            Map.of(
                "attempt", h.attempt(),
                "host", h.host(),
                "started", h.started().toString(),
                "heartbeat", h.heartbeat().toString()));
    Path partial = new Path(path.getParent(), "." + path.getName() + ".partial");
    RetryingFileSystem store = RetryingFileSystem.of(fs);
    for (int tries = 1; ; tries++) {
      try {
        store.writeAll(partial, json, true);
        break;
      } catch (IOException e) {
        // A releasing attempt may remove the empty folder (and the leases folder above it) just
        // as this one creates them, and another claimer may have created them again by the time
        // this one looks: whether the folder exists now says nothing, so try again a few times.
        if (tries == 5) {
          throw e;
        }
        pause(Duration.ofMillis(10L * tries));
      }
    }
    if (!store.rename(partial, path)) {
      store.delete(partial, false);
      throw new IOException("could not write " + path + " (rename of " + partial + " failed)");
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
