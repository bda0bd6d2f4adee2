package io.robustness.jobs.tables;

import java.time.Instant;

/**
 * One row of the {@code attempts} table: an attempt at a run (audit or hardening), where it ran,
 * when, and how it ended.
 */
public record AttemptRecord(
    String attempt,
    String command,
    String host,
    Instant startedAt,
    Instant endedAt,
    String status,
    String error,
    String tookOver) {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** Stopped by SIGINT or SIGTERM: rolled back and released. */
  public static final String INTERRUPTED = "interrupted";

  /** Its driver died (its heartbeat went stale); recorded by the attempt that took over. */
  public static final String ABANDONED = "abandoned";

  /** Ended by another attempt's {@code --takeover}; recorded by that attempt. */
  public static final String TAKEN_OVER = "taken-over";

  /** The attempt holding {@code lease}, not ended yet. */
  public static AttemptRecord of(RunLease lease, String command) {
    return new AttemptRecord(
        lease.attempt(),
        command,
        lease.holder().host(),
        lease.holder().started(),
        null,
        null,
        null,
        lease.tookOver());
  }

  public AttemptRecord ended(String newStatus, Instant at, String newError) {
    return new AttemptRecord(attempt, command, host, startedAt, at, newStatus, newError, tookOver);
  }
}
