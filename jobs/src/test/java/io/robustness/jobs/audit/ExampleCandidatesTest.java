package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ExampleCandidatesTest {

  private static ExamplePicker.Candidate candidate(int i, Double flip) {
    return new ExamplePicker.Candidate(
        String.format("img-%03d.png", i), i % 2 == 0, flip, i % 10, -1);
  }

  private static List<ExamplePicker.Candidate> all() {
    List<ExamplePicker.Candidate> out = new ArrayList<>();
    Double[] flips = {0.02, 0.05, null};
    for (int i = 0; i < 120; i++) {
      out.add(candidate(i, flips[i % flips.length]));
    }
    return out;
  }

  @Test
  void keepsTheSmallestPathsOfEachGroup() {
    ExampleCandidates c = new ExampleCandidates();
    all().forEach(c::offer);
    // 6 groups (right or not, times 3 flip epsilons), at most 8 each
    assertThat(c.all()).hasSize(6 * ExampleCandidates.PER_GROUP);
    assertThat(c.all()).extracting(ExamplePicker.Candidate::path).isSorted();
    assertThat(c.all()).extracting(ExamplePicker.Candidate::path).contains("img-000.png");
    assertThat(c.all()).extracting(ExamplePicker.Candidate::path).doesNotContain("img-119.png");
  }

  /** Spark merges partitions in whatever order they finish: the choice must not depend on it. */
  @RepeatedTest(5)
  void theSameCandidatesWhateverTheSplitAndMergeOrder() {
    ExampleCandidates whole = new ExampleCandidates();
    all().forEach(whole::offer);
    List<ExamplePicker.Candidate> shuffled = new ArrayList<>(all());
    Random random = new Random();
    Collections.shuffle(shuffled, random);
    List<ExampleCandidates> parts = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      parts.add(new ExampleCandidates());
    }
    shuffled.forEach(c -> parts.get(random.nextInt(parts.size())).offer(c));
    Collections.shuffle(parts, random);
    ExampleCandidates merged = new ExampleCandidates();
    parts.forEach(merged::merge);
    assertThat(merged).isEqualTo(whole);
  }

  /**
   * A kept candidate carries its trajectory rows through merges; a dropped one takes its own away.
   */
  @Test
  void onlyKeptCandidatesKeepTheirTrajectories() {
    ExampleCandidates part = new ExampleCandidates();
    ExampleCandidates other = new ExampleCandidates();
    for (ExamplePicker.Candidate c : all()) {
      ExampleCandidates target = c.label() < 5 ? part : other;
      target.offer(c);
      if (target.holds(c.path())) {
        target.addTrajectory(c.path(), List.of(RowFactory.create(c.path())));
      }
    }
    ExampleCandidates merged = new ExampleCandidates();
    merged.merge(part);
    merged.merge(other);
    assertThat(merged.trajectories())
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrderElementsOf(
            merged.all().stream().map(ExamplePicker.Candidate::path).toList());
    assertThat(merged.holds("img-119.png")).isFalse();
  }
}
