package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's summaries of what tasks report: each partition and each model load once. */
class ScoringTimesTest {

  @Test
  void theStageRunsFromTheFirstPartitionsStartToTheLastOnesEnd() {
    ScoringTimes.Summary s =
        ScoringTimes.summarize(
            List.of(
                ScoringTimes.entry(0, 5_000, 9_000, 40), ScoringTimes.entry(1, 4_500, 11_500, 60)),
            1_000);
    assertThat(s.secondsToFirstScoring()).isCloseTo(3.5, within(1e-9));
    assertThat(s.scoringSeconds()).isCloseTo(7.0, within(1e-9));
    assertThat(s.images()).isEqualTo(100);
  }

  @Test
  void aPartitionComputedAgainCountsOnceAtItsFirstComputation() {
    ScoringTimes.Summary s =
        ScoringTimes.summarize(
            List.of(
                ScoringTimes.entry(0, 5_000, 9_000, 40),
                ScoringTimes.entry(1, 4_500, 11_500, 60),
                ScoringTimes.entry(0, 30_000, 34_000, 40)),
            1_000);
    assertThat(s.images()).isEqualTo(100);
    assertThat(s.scoringSeconds()).isCloseTo(7.0, within(1e-9));
  }

  @Test
  void eachLoadOfAnExecutorsModelCountsOnceHoweverOftenItIsReported() {
    Map<String, Long> loads =
        ExecutorStats.modelLoads(
            List.of(
                ExecutorStats.dryRun(),
                ExecutorStats.entry("1", 1, true),
                ExecutorStats.entry("1", 1, false),
                // The same task's update applied again, and a recomputation on the same JVM.
                ExecutorStats.entry("1", 1, true),
                ExecutorStats.entry("1", 1, false),
                // A second load on executor 2 (its first copy was evicted).
                ExecutorStats.entry("2", 1, true),
                ExecutorStats.entry("2", 2, true)));
    assertThat(loads).containsExactlyInAnyOrderEntriesOf(Map.of("driver", 1L, "1", 1L, "2", 2L));
  }

  @Test
  void noPartitionNoTime() {
    assertThat(ScoringTimes.summarize(List.of(), 1_000).scoringSeconds()).isZero();
  }
}
