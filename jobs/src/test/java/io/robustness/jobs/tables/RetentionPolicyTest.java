package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private static final Instant AS_OF = Instant.parse("2026-11-24T02:00:00Z");

  private static RunRef run(String id, String status, String started) {
    return new RunRef(id, status, Instant.parse(started));
  }

  private static final List<RunRef> RUNS =
      List.of(
          run("2026-11-24", "succeeded", "2026-11-24T01:00:00Z"),
          run("2026-11-16", "succeeded", "2026-11-16T01:00:00Z"),
          run("2026-11-17", "failed", "2026-11-17T01:00:00Z"),
          run("2026-11-17b", "succeeded", "2026-11-17T02:00:00Z"),
          run("2026-11-17c", "running", "2026-11-17T01:59:59Z"),
          run("2026-11-10", "succeeded", "2026-11-10T01:00:00Z"));

  private static List<String> expiredIds(RetentionPolicy policy) {
    return policy.expired(RUNS, AS_OF).stream().map(RunRef::runId).toList();
  }

  @Test
  void runsThatStartedBeforeTheCutoffExpireWhateverTheirStatusOldestFirst() {
    assertThat(expiredIds(new RetentionPolicy(7, 0)))
        .containsExactly("2026-11-10", "2026-11-16", "2026-11-17", "2026-11-17c");
  }

  @Test
  void theCutoffIsExactlyKeepDaysBeforeAsOf() {
    RetentionPolicy week = new RetentionPolicy(7, 0);
    assertThat(week.cutoff(AS_OF)).isEqualTo(Instant.parse("2026-11-17T02:00:00Z"));
    assertThat(expiredIds(week)).doesNotContain("2026-11-17b");
  }

  @Test
  void keepLastSparesTheNewestSucceededRunsHoweverOld() {
    assertThat(new RetentionPolicy(1, 2).expired(RUNS, AS_OF).stream().map(RunRef::runId))
        .containsExactly("2026-11-10", "2026-11-16", "2026-11-17", "2026-11-17c");
    assertThat(new RetentionPolicy(1, 3).expired(RUNS, AS_OF).stream().map(RunRef::runId))
        .containsExactly("2026-11-10", "2026-11-17", "2026-11-17c");
  }

  @Test
  void nonsensicalSettingsAreRefused() {
    assertThatThrownBy(() -> new RetentionPolicy(0, 0)).hasMessageContaining("--keep-days 0");
    assertThatThrownBy(() -> new RetentionPolicy(3, -1)).hasMessageContaining("--keep-last -1");
  }
}
