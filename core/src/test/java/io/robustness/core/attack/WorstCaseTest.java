package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorstCaseTest {

  private static final Score CLEAN = new Score(3, 0.9f, 0.9f, true, 0.05f);

  private static EpsilonScore at(double eps, int prediction, float trueProb) {
    return new EpsilonScore(
        eps, new Score(prediction, 0.5f, trueProb, true, 0.5f), (float) eps, 0f);
  }

  private static ImageOutcome outcome(EpsilonScore... scores) {
    return new ImageOutcome(3, -1, AttackMode.UNTARGETED, CLEAN, List.of(scores));
  }

  @Test
  void correctOnlyWhereEveryAttackLeftTheImageCorrectWithTheScoresOfTheOneThatHurtMost() {
    ImageOutcome fgsm = outcome(at(0, 3, 0.9f), at(0.1, 3, 0.6f), at(0.2, 5, 0.2f));
    ImageOutcome pgd = outcome(at(0, 3, 0.9f), at(0.1, 7, 0.4f), at(0.2, 3, 0.5f));
    ImageOutcome bim = outcome(at(0, 3, 0.9f), at(0.1, 3, 0.3f), at(0.2, 4, 0.1f));

    ImageOutcome worst = WorstCase.of(List.of(fgsm, pgd, bim));

    // eps 0.1: pgd made it wrong (0.4) although bim's true-class probability is lower (0.3).
    // eps 0.2: fgsm and bim made it wrong; bim's true-class probability is the lower.
    assertThat(worst.perturbed()).extracting(s -> s.score().prediction()).containsExactly(3, 7, 4);
    assertThat(worst.perturbed())
        .extracting(s -> s.score().trueClassProbability())
        .containsExactly(0.9f, 0.4f, 0.1f);
    assertThat(worst.flipEpsilon()).hasValue(0.1);
    assertThat(worst.label()).isEqualTo(3);
    assertThat(worst.clean()).isEqualTo(CLEAN);
  }

  @Test
  void whereEveryAttackLeftItCorrectTheLowestTrueClassProbabilityStands() {
    ImageOutcome a = outcome(at(0.1, 3, 0.7f));
    ImageOutcome b = outcome(at(0.1, 3, 0.55f));
    assertThat(WorstCase.of(List.of(a, b)).perturbed().get(0).score().trueClassProbability())
        .isEqualTo(0.55f);
    assertThat(WorstCase.of(List.of(a)).perturbed()).isEqualTo(a.perturbed());
  }

  @Test
  void outcomesOfDifferentImagesOrGridsAreRefused() {
    ImageOutcome a = outcome(at(0.1, 3, 0.7f));
    assertThatThrownBy(() -> WorstCase.of(List.of(a, outcome(at(0.2, 3, 0.7f)))))
        .hasMessageContaining("different grids");
    assertThatThrownBy(() -> WorstCase.of(List.of(a, outcome(at(0.1, 3, 0.7f), at(0.2, 3, 0.7f)))))
        .hasMessageContaining("different images or grids");
    assertThatThrownBy(() -> WorstCase.of(List.of())).hasMessageContaining("no outcomes");
  }
}
