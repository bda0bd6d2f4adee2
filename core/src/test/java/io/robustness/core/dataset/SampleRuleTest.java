package io.robustness.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SampleRuleTest {

  private static final int IMAGES = 100_000;

  private static List<String> ids() {
    return IntStream.range(0, IMAGES)
        .mapToObj(i -> String.format("s3a://bucket/images/class-%d/%07d.png", i % 10, i))
        .toList();
  }

  private static Set<String> kept(SampleRule rule, List<String> ids) {
    ClassCaps.Thresholds t = ClassCaps.Thresholds.uncapped(rule);
    return ids.stream().filter(id -> t.keeps(0, id)).collect(Collectors.toSet());
  }

  @Test
  void aFractionKeepsThatShareWithinBinomialNoise() {
    for (double fraction : new double[] {0.01, 0.1, 0.5}) {
      int n = kept(new SampleRule(fraction, SampleRule.UNLIMITED, 7), ids()).size();
      double sd = Math.sqrt(IMAGES * fraction * (1 - fraction));
      assertThat((double) n)
          .as("fraction %s", fraction)
          .isCloseTo(IMAGES * fraction, org.assertj.core.data.Offset.offset(5 * sd));
    }
  }

  @Test
  void membershipDependsOnIdAndSeedNotOnOrder() {
    List<String> ids = new ArrayList<>(ids());
    Set<String> first = kept(new SampleRule(0.1, SampleRule.UNLIMITED, 42), ids);
    Collections.shuffle(ids, new Random(3));
    assertThat(kept(new SampleRule(0.1, SampleRule.UNLIMITED, 42), ids)).isEqualTo(first);
    Set<String> otherSeed = kept(new SampleRule(0.1, SampleRule.UNLIMITED, 43), ids);
    // Two independent 10% samples share about 1% of the images.
    assertThat(otherSeed).isNotEqualTo(first);
    Set<String> shared = new java.util.HashSet<>(first);
    shared.retainAll(otherSeed);
    assertThat(shared.size()).isBetween(IMAGES / 100 - 300, IMAGES / 100 + 300);
  }

  @Test
  void aSmallerFractionIsASubsetOfALargerOne() {
    Set<String> small = kept(new SampleRule(0.05, SampleRule.UNLIMITED, 1), ids());
    Set<String> large = kept(new SampleRule(0.2, SampleRule.UNLIMITED, 1), ids());
    assertThat(large).containsAll(small);
  }

  @Test
  void aPerClassCapKeepsTheLowestRanksOfEachClassWhateverTheSplit() {
    SampleRule rule = new SampleRule(0.5, 300, 9);
    List<String> ids = ids();
    ClassCaps whole = new ClassCaps(rule);
    ClassCaps left = new ClassCaps(rule);
    ClassCaps right = new ClassCaps(rule);
    for (int i = 0; i < ids.size(); i++) {
      // Class 9 has fewer images inside the fraction than the cap.
      int label = i % 10 == 9 && i % 500 != 9 ? -2 : i % 10;
      if (label == -2) {
        continue;
      }
      whole.offer(label, ids.get(i));
      (i % 3 == 0 ? left : right).offer(label, ids.get(i));
    }
    ClassCaps.Thresholds merged = left.merge(right).thresholds();
    assertThat(merged).isEqualTo(whole.thresholds());

    Map<Integer, Integer> perClass = new HashMap<>();
    int inFractionOfNine = 0;
    for (int i = 0; i < ids.size(); i++) {
      int label = i % 10;
      if (label == 9 && i % 500 != 9) {
        continue;
      }
      if (label == 9 && rule.inFraction(rule.rank(ids.get(i)))) {
        inFractionOfNine++;
      }
      if (merged.keeps(label, ids.get(i))) {
        perClass.merge(label, 1, Integer::sum);
      }
    }
    for (int label = 0; label < 9; label++) {
      assertThat(perClass.get(label)).as("class %d", label).isEqualTo(300);
    }
    assertThat(perClass.getOrDefault(9, 0)).isEqualTo(inFractionOfNine).isLessThan(300);
  }

  @Test
  void aRuleOutsideItsRangeIsRefused() {
    assertThatThrownBy(() -> new SampleRule(0, SampleRule.UNLIMITED, 0))
        .hasMessageContaining("fraction");
    assertThatThrownBy(() -> new SampleRule(1.5, SampleRule.UNLIMITED, 0))
        .hasMessageContaining("fraction");
    assertThatThrownBy(() -> new SampleRule(1, 0, 0)).hasMessageContaining("perClass");
    assertThat(SampleRule.ALL.keepsEverything()).isTrue();
  }
}
