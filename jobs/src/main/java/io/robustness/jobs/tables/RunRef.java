package io.robustness.jobs.tables;

import io.robustness.jobs.errors.UsageException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * A run as {@code runs} lists it, and the resolution of what users type for a run: an id, {@code
 * latest} or {@code previous} (by start time, succeeded runs only).
 */
public record RunRef(String runId, String status, Instant startedAt) {

  public static final String LATEST = "latest";
  public static final String PREVIOUS = "previous";

  /** A row of the {@code runs} table. */
  public static RunRef of(Row run) {
    return new RunRef(
        run.getAs(Tables.RUN_ID),
        run.getAs(Columns.STATUS),
        run.<Timestamp>getAs(Columns.STARTED_AT).toInstant());
  }

  /**
   * @throws UsageException naming the known runs when {@code wanted} cannot be resolved
   */
  public static RunRef resolve(String wanted, List<RunRef> runs) {
    List<RunRef> succeeded =
        runs.stream()
            .filter(r -> r.status().equals(RunRecord.SUCCEEDED))
            .sorted(Comparator.comparing(RunRef::startedAt).reversed())
            .toList();
    String key = wanted.trim().toLowerCase(Locale.ROOT);
    if (key.equals(LATEST) || key.equals(PREVIOUS)) {
      int index = key.equals(LATEST) ? 0 : 1;
      if (succeeded.size() <= index) {
        throw new UsageException(
            "'"
                + wanted
                + "' needs "
                + (index + 1)
                + " succeeded run(s); there "
                + (succeeded.size() == 1 ? "is 1" : "are " + succeeded.size()));
      }
      return succeeded.get(index);
    }
    RunRef found =
        runs.stream()
            .filter(r -> r.runId().equals(wanted))
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageException(
                        "no run '"
                            + wanted
                            + "'; succeeded runs, newest first: "
                            + succeeded.stream().limit(10).map(RunRef::runId).toList()));
    if (!found.status().equals(RunRecord.SUCCEEDED)) {
      throw new UsageException(
          "run '"
              + wanted
              + "' is "
              + found.status()
              + ", not succeeded: its "
              + "tables are incomplete or absent");
    }
    return found;
  }
}
