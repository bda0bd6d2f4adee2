package io.robustness.jobs.tables;

import io.robustness.jobs.errors.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which runs {@code robustness retain} deletes: those that started before {@code asOf - keepDays},
 * whatever their status, except the {@code keepLast} newest succeeded runs, so that a gate that
 * compares against {@code previous} still has a baseline after a long pause of the schedule.
 */
public record RetentionPolicy(int keepDays, int keepLast) {

  public RetentionPolicy {
    if (keepDays < 1) {
      throw new UsageException(
          "--keep-days " + keepDays + " must be at least 1: runs younger than that are kept");
    }
    if (keepLast < 0) {
      throw new UsageException("--keep-last " + keepLast + " must not be negative");
    }
  }

  /** Runs that started before this instant are expired. */
  public Instant cutoff(Instant asOf) {
    return asOf.minus(Duration.ofDays(keepDays));
  }

  /** The expired runs, oldest first. */
  public List<RunRef> expired(List<RunRef> runs, Instant asOf) {
    Set<String> protectedIds =
        runs.stream()
            .filter(r -> RunRecord.SUCCEEDED.equals(r.status()))
            .sorted(Comparator.comparing(RunRef::startedAt).reversed())
            .limit(keepLast)
            .map(RunRef::runId)
            .collect(Collectors.toSet());
    Instant cutoff = cutoff(asOf);
    return runs.stream()
        .filter(r -> r.startedAt().isBefore(cutoff))
        .filter(r -> !protectedIds.contains(r.runId()))
        .sorted(Comparator.comparing(RunRef::startedAt))
        .toList();
  }
}
