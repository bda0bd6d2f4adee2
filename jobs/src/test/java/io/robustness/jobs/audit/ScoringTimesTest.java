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
                ScoringTimes.entry(0, "1", 5_000, 9_000, 40),
                ScoringTimes.entry(1, "2", 4_500, 11_500, 60)),
            1_000);
    assertThat(s.secondsToFirstScoring()).isCloseTo(3.5, within(1e-9));
    assertThat(s.scoringSeconds()).isCloseTo(7.0, within(1e-9));
    assertThat(s.firstScoringMillis()).isEqualTo(4_500);
    assertThat(s.lastScoredMillis()).isEqualTo(11_500);
    assertThat(s.images()).isEqualTo(100);
  }

  @Test
  void aPartitionComputedAgainCountsOnceAtItsFirstComputation() {
    ScoringTimes.Summary s =
        ScoringTimes.summarize(
            List.of(
                ScoringTimes.entry(0, "1", 5_000, 9_000, 40),
                ScoringTimes.entry(1, "2", 4_500, 11_500, 60),
                ScoringTimes.entry(0, "2", 30_000, 34_000, 40)),
            1_000);
    assertThat(s.images()).isEqualTo(100);
    assertThat(s.scoringSeconds()).isCloseTo(7.0, within(1e-9));
  }

  @Test
  void eachExecutorsFirstPartitionIsSetAgainstTheMedianOfTheOthers() {
    AuditResult.WarmUp w =
        ScoringTimes.summarize(
                List.of(
                    // Executor 1 starts with partition 2, executor 2 with partition 0.
                    ScoringTimes.entry(2, "1", 1_000, 7_000, 10),
                    ScoringTimes.entry(0, "2", 1_500, 5_500, 10),
                    ScoringTimes.entry(1, "2", 5_600, 6_600, 10),
                    ScoringTimes.entry(3, "1", 7_100, 9_100, 10),
                    ScoringTimes.entry(4, "2", 6_700, 9_700, 10),
                    // Partition 1 recomputed later, on executor 1: its first computation counts.
                    ScoringTimes.entry(1, "1", 20_000, 29_000, 10)),
                0)
            .warmUp();
    assertThat(w.executors()).isEqualTo(2);
    assertThat(w.firstSeconds()).isCloseTo((6.0 + 4.0) / 2, within(1e-9));
    // The others took 1, 2 and 3 s.
    assertThat(w.laterSeconds()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void withAnEvenNumberOfLaterPartitionsTheMedianIsTheMeanOfTheMiddleTwo() {
    AuditResult.WarmUp w =
        ScoringTimes.summarize(
                List.of(
                    ScoringTimes.entry(0, "driver", 0, 5_000, 10),
                    ScoringTimes.entry(1, "driver", 5_000, 6_000, 10),
                    ScoringTimes.entry(2, "driver", 6_000, 8_000, 10)),
                0)
            .warmUp();
    assertThat(w.executors()).isEqualTo(1);
    assertThat(w.firstSeconds()).isCloseTo(5.0, within(1e-9));
    assertThat(w.laterSeconds()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void oneExecutorWithOnePartitionHasNoLaterOnes() {
    AuditResult.WarmUp w =
        ScoringTimes.summarize(List.of(ScoringTimes.entry(0, "3", 0, 2_000, 10)), 0).warmUp();
    assertThat(w.executors()).isEqualTo(1);
    assertThat(w.firstSeconds()).isCloseTo(2.0, within(1e-9));
    assertThat(w.laterSeconds()).isNaN();
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
    assertThat(ScoringTimes.summarize(List.of(), 1_000).warmUp().executors()).isZero();
  }
}
