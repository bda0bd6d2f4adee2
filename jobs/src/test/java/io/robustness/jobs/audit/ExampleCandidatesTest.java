package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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
}
