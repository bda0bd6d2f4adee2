package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScoresTest {

  @Test
  void theTopFiveAreTheFiveMostProbableClasses() {
    float[] p = {0.05f, 0.30f, 0.10f, 0.20f, 0.02f, 0.15f, 0.18f};
    int[] labels = {1, 5, 2, 0, 4};
    Score[] scores = Scores.of(p, 7, new int[] {1});
    assertThat(scores[0].prediction()).isEqualTo(1);
    assertThat(scores[0].confidence()).isEqualTo(0.30f);
    boolean[] hits = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      hits[i] = Scores.of(p, 7, new int[] {labels[i]})[0].top5Hit();
    }
    // Ranks: 1, 3, 6, 5, 2 | 0, 4.
    assertThat(hits).containsExactly(true, true, true, false, false);
  }

  @Test
  void equalProbabilitiesRankByClassIndexAsThePredictionDoes() {
    float[] uniform = new float[1000];
    Arrays.fill(uniform, 0.001f);
    for (int label : new int[] {0, 4, 5, 8, 999}) {
      Score s = Scores.of(uniform, 1000, new int[] {label})[0];
      assertThat(s.prediction()).isZero();
      assertThat(s.top5Hit()).as("label %d of a uniform row", label).isEqualTo(label < 5);
    }
  }

  @Test
  void aLabelTiedWithTheMaximumBehindItIsNotTheTopOne() {
    float[] p = {0.4f, 0.4f, 0.2f};
    Score tiedBehind = Scores.of(p, 3, new int[] {1})[0];
    assertThat(tiedBehind.prediction()).isZero();
    assertThat(tiedBehind.trueClassProbability()).isEqualTo(0.4f);
    assertThat(tiedBehind.top5Hit()).isTrue();
  }

  @Test
  void theTopWrongClassIsTheMostProbableOtherThanTheLabel() {
    float[] p = {0.05f, 0.30f, 0.10f, 0.20f, 0.02f, 0.15f, 0.18f};
    // Label 1 is the prediction: the top wrong class is the runner-up.
    assertThat(Scores.of(p, 7, new int[] {1})[0].topWrongProbability()).isEqualTo(0.20f);
    // Label 3 is not: the top wrong class is the prediction itself.
    assertThat(Scores.of(p, 7, new int[] {3})[0].topWrongProbability()).isEqualTo(0.30f);
  }

  @Test
  void rowsAreReadAtTheirOwnOffsets() {
    float[] p = {0.7f, 0.2f, 0.1f, 0.1f, 0.1f, 0.8f};
    Score[] s = Scores.of(p, 3, new int[] {0, 2});
    assertThat(s[0].prediction()).isZero();
    assertThat(s[1].prediction()).isEqualTo(2);
    assertThat(s[1].confidence()).isEqualTo(0.8f);
  }
}
