package io.robustness.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.EpsilonGrid;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.Score;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class CurveAccumulatorTest {

  private static final List<Double> GRID = List.of(0.0, 0.05, 0.1);

  @Test
  void computesTheCurveOfAHandMadeExample() {
    CurveAccumulator acc = new CurveAccumulator(new EpsilonGrid(GRID));
    // image 1: label 0, right at 0 and 0.05, wrong at 0.1
    acc.add(outcome(0, 0.9f, new int[] {0, 0, 3}, new float[] {0.9f, 0.6f, 0.7f}));
    // image 2: label 1, wrong from the start
    acc.add(outcome(1, 0.52f, new int[] {2, 2, 2}, new float[] {0.52f, 0.8f, 0.9f}));
    List<CurvePoint> curve = acc.overall();
    assertThat(curve).extracting(CurvePoint::accuracy).containsExactly(0.5, 0.5, 0.0);
    assertThat(curve).extracting(CurvePoint::attackSuccessRate).containsExactly(0.0, 0.0, 1.0);
    assertThat(curve.get(1).meanConfidence()).isCloseTo(0.7, within(1e-6));
    assertThat(curve.get(0).images()).isEqualTo(2);
    assertThat(acc.byClass().keySet()).containsExactly(0, 1);
    assertThat(acc.byClass().get(1).get(0).attackSuccessRate()).isNaN();
    assertThat(acc.byConfidenceBucket().keySet()).containsExactly(50, 90);
  }

  @Test
  void scoresAreMatchedToTheGridByEpsilonNotByPosition() {
    ImageOutcome inOrder = outcome(0, 0.9f, new int[] {0, 0, 3}, new float[] {0.9f, 0.6f, 0.7f});
    List<EpsilonScore> reversed = new ArrayList<>(inOrder.perturbed());
    Collections.reverse(reversed);
    CurveAccumulator a = new CurveAccumulator(new EpsilonGrid(GRID));
    a.add(inOrder);
    CurveAccumulator b = new CurveAccumulator(new EpsilonGrid(GRID));
    b.add(
        new ImageOutcome(
            inOrder.label(), inOrder.target(), inOrder.mode(), inOrder.clean(), reversed));
    assertThat(b).isEqualTo(a);
    assertThat(b.overall()).extracting(CurvePoint::accuracy).containsExactly(1.0, 1.0, 0.0);
  }

  @Test
  void aScoreOffTheGridOrTwiceOnItIsRefused() {
    ImageOutcome outcome = outcome(0, 0.9f, new int[] {0, 0, 3}, new float[] {0.9f, 0.6f, 0.7f});
    List<EpsilonScore> scores = new ArrayList<>(outcome.perturbed());
    EpsilonScore last = scores.get(2);
    scores.set(2, new EpsilonScore(0.2, last.score(), last.linf(), last.l2()));
    assertThatThrownBy(
            () -> new CurveAccumulator(new EpsilonGrid(GRID)).add(withScores(outcome, scores)))
        .hasMessageContaining("epsilon 0.2, not on the accumulator's grid");
    scores.set(2, scores.get(1));
    assertThatThrownBy(
            () -> new CurveAccumulator(new EpsilonGrid(GRID)).add(withScores(outcome, scores)))
        .hasMessageContaining("epsilon 0.05 twice");
  }

  private static ImageOutcome withScores(ImageOutcome o, List<EpsilonScore> scores) {
    return new ImageOutcome(o.label(), o.target(), o.mode(), o.clean(), scores);
  }

  @RepeatedTest(5)
  void mergingInAnyOrderGivesTheSameResult() {
    Random random = new Random();
    List<ImageOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      outcomes.add(randomOutcome(random));
    }
    CurveAccumulator all = new CurveAccumulator(new EpsilonGrid(GRID));
    outcomes.forEach(all::add);

    List<CurveAccumulator> parts = new ArrayList<>();
    Collections.shuffle(outcomes, random);
    for (int from = 0; from < outcomes.size(); ) {
      int to = Math.min(outcomes.size(), from + 1 + random.nextInt(300));
      CurveAccumulator part = new CurveAccumulator(new EpsilonGrid(GRID));
      outcomes.subList(from, to).forEach(part::add);
      parts.add(part);
      from = to;
    }
    Collections.shuffle(parts, random);
    CurveAccumulator leftFold = new CurveAccumulator(new EpsilonGrid(GRID));
    parts.forEach(leftFold::merge);
    CurveAccumulator tree = mergeAsTree(parts, random);

    assertThat(leftFold).isEqualTo(all);
    assertThat(tree).isEqualTo(all);
    assertThat(tree.overall()).isEqualTo(all.overall());
    assertThat(tree.byClass()).isEqualTo(all.byClass());
    assertThat(tree.byConfidenceBucket()).isEqualTo(all.byConfidenceBucket());
  }

  @Test
  void bucketsAreFivePointsWide() {
    assertThat(ConfidenceBuckets.bucketOf(0f)).isZero();
    assertThat(ConfidenceBuckets.bucketOf(0.0499f)).isZero();
    assertThat(ConfidenceBuckets.bucketOf(0.05f)).isEqualTo(5);
    assertThat(ConfidenceBuckets.bucketOf(0.97f)).isEqualTo(95);
    assertThat(ConfidenceBuckets.bucketOf(1f)).isEqualTo(95);
  }

  private static CurveAccumulator mergeAsTree(List<CurveAccumulator> parts, Random random) {
    List<CurveAccumulator> level = new ArrayList<>(parts);
    while (level.size() > 1) {
      int i = random.nextInt(level.size() - 1);
      CurveAccumulator merged = level.remove(i + 1).merge(level.remove(i));
      level.add(random.nextInt(level.size() + 1), merged);
    }
    return level.get(0);
  }

  private static ImageOutcome outcome(
      int label, float cleanConfidence, int[] predictions, float[] confidences) {
    List<EpsilonScore> scores = new ArrayList<>();
    for (int e = 0; e < GRID.size(); e++) {
      float trueProb = predictions[e] == label ? confidences[e] : 0.1f;
      scores.add(
          new EpsilonScore(
              GRID.get(e),
              new Score(predictions[e], confidences[e], trueProb, true, 1 - trueProb),
              0f,
              0f));
    }
    Score clean =
        new Score(
            predictions[0],
            cleanConfidence,
            predictions[0] == label ? cleanConfidence : 0.1f,
            true,
            predictions[0] == label ? 1 - cleanConfidence : cleanConfidence);
    return new ImageOutcome(label, -1, AttackMode.UNTARGETED, clean, scores);
  }

  private static ImageOutcome randomOutcome(Random random) {
    int label = random.nextInt(10);
    int[] predictions = new int[GRID.size()];
    float[] confidences = new float[GRID.size()];
    for (int e = 0; e < GRID.size(); e++) {
      predictions[e] = random.nextDouble() < 0.7 - 0.2 * e ? label : random.nextInt(10);
      confidences[e] = 0.1f + 0.9f * random.nextFloat();
    }
    return outcome(label, confidences[0], predictions, confidences);
  }
}
