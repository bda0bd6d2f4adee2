package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringTimesTest {

  @Test
  void theStageRunsFromTheFirstPartitionsStartToTheLastOnesEnd() {
    ScoringTimes.Summary s =
        ScoringTimes.summarize(
            List.of(ScoringTimes.entry(5_000, 9_000, 40), ScoringTimes.entry(4_500, 11_500, 60)),
            1_000);
    assertThat(s.secondsToFirstScoring()).isCloseTo(3.5, within(1e-9));
    assertThat(s.scoringSeconds()).isCloseTo(7.0, within(1e-9));
    assertThat(s.images()).isEqualTo(100);
  }

  @Test
  void noPartitionNoTime() {
    assertThat(ScoringTimes.summarize(List.of(), 1_000).scoringSeconds()).isZero();
  }
}
