package io.robustness.jobs.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.robustness.jobs.tables.RunRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunComparisonTest {

  private static RunComparison.Figures f(double accuracy, double confidence) {
    return new RunComparison.Figures(accuracy, confidence);
  }

  @Test
  void theGateFailsOnlyWhenSomeDropExceedsTheThreshold() {
    Map<Double, RunComparison.Figures> base =
        Map.of(0.0, f(0.90, 0.8), 0.1, f(0.50, 0.6), 0.2, f(0.20, 0.5));
    Map<Double, RunComparison.Figures> cand =
        Map.of(0.0, f(0.91, 0.8), 0.1, f(0.47, 0.6), 0.3, f(0.1, 0.4));
    RunComparison loose =
        RunComparison.of("fgsm", "a", "b", 0.05, base, cand, Map.of(), Map.of(), 5);
    RunComparison strict =
        RunComparison.of("fgsm", "a", "b", 0.02, base, cand, Map.of(), Map.of(), 5);
    assertThat(loose.gateFails()).isFalse();
    assertThat(strict.gateFails()).isTrue();
    assertThat(strict.largestDrop()).isCloseTo(0.03, within(1e-12));
    assertThat(strict.epsilons())
        .extracting(RunComparison.EpsilonDelta::epsilon)
        .containsExactly(0.0, 0.1);
    assertThat(strict.onlyInBaseline()).containsExactly(0.2);
    assertThat(strict.onlyInCandidate()).containsExactly(0.3);
    assertThat(
            RunComparison.of("fgsm", "a", "b", 0.03, base, cand, Map.of(), Map.of(), 5).gateFails())
        .as("a drop equal to the threshold passes")
        .isFalse();
  }

  @Test
  void classesAreRankedByTheirLargestDrop() {
    Map<Double, RunComparison.Figures> curve = Map.of(0.0, f(0.9, 0.9), 0.1, f(0.5, 0.6));
    Map<String, Map<Double, Double>> base =
        Map.of(
            "cat",
            Map.of(0.0, 0.9, 0.1, 0.6),
            "dog",
            Map.of(0.0, 0.8, 0.1, 0.5),
            "owl",
            Map.of(0.0, 1.0, 0.1, 0.9));
    Map<String, Map<Double, Double>> cand =
        Map.of(
            "cat",
            Map.of(0.0, 0.9, 0.1, 0.3),
            "dog",
            Map.of(0.0, 0.7, 0.1, 0.5),
            "owl",
            Map.of(0.0, 1.0, 0.1, 0.95));
    List<RunComparison.ClassDrop> drops =
        RunComparison.of("fgsm", "a", "b", 0.02, curve, curve, base, cand, 2).classDrops();
    assertThat(drops).extracting(RunComparison.ClassDrop::className).containsExactly("cat", "dog");
    assertThat(drops.get(0).epsilon()).isEqualTo(0.1);
    assertThat(drops.get(0).drop()).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void latestAndPreviousAreSucceededRunsByStartTime() {
    List<RunRef> runs =
        List.of(
            new RunRef("mon", "succeeded", Instant.parse("2026-11-23T01:00:00Z")),
            new RunRef("tue", "succeeded", Instant.parse("2026-11-24T01:00:00Z")),
            new RunRef("tue-retry", "failed", Instant.parse("2026-11-24T03:00:00Z")),
            new RunRef("sun", "succeeded", Instant.parse("2026-11-22T01:00:00Z")));
    assertThat(RunRef.resolve("latest", runs).runId()).isEqualTo("tue");
    assertThat(RunRef.resolve("previous", runs).runId()).isEqualTo("mon");
    assertThat(RunRef.resolve("sun", runs).runId()).isEqualTo("sun");
    assertThatThrownBy(() -> RunRef.resolve("tue-retry", runs))
        .hasMessageContaining("is failed, not succeeded");
    assertThatThrownBy(() -> RunRef.resolve("wed", runs))
        .hasMessageContaining("no run 'wed'")
        .hasMessageContaining("[tue, mon, sun]");
    assertThatThrownBy(() -> RunRef.resolve("previous", runs.subList(0, 1)))
        .hasMessageContaining("needs 2 succeeded run(s); there is 1");
  }
}
