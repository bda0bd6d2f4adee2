package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one check of an epsilon grid, used by settings, attack specs and curve tallies alike. */
class EpsilonGridTest {

  @Test
  void everyProblemIsNamedWithItsFix() {
    assertThat(EpsilonGrid.problems(List.of(0.0, 0.1))).isEmpty();
    assertThat(EpsilonGrid.problems(List.of())).singleElement().asString().startsWith("is empty");
    assertThat(EpsilonGrid.problems(List.of(0.1, 3.0, -0.5)))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p).contains("outside [0,1]"));
    assertThat(EpsilonGrid.problems(Arrays.asList(0.1, Double.NaN))).hasSize(1);
    assertThat(EpsilonGrid.problems(List.of(0.1, 0.1)))
        .singleElement()
        .asString()
        .startsWith("has duplicates");
  }

  @Test
  void aGridAscendsAndWhatHoldsOneHoldsAValidOne() {
    assertThat(EpsilonGrid.sorted(List.of(0.3, 0.0, 0.1)).values()).containsExactly(0.0, 0.1, 0.3);
    assertThatThrownBy(() -> new EpsilonGrid(List.of(0.3, 0.1)))
        .hasMessageContaining("not ascending");
    assertThatThrownBy(
            () -> new AttackSpec(AttackKind.FGSM, List.of(0.0, 2.0), AttackMode.UNTARGETED))
        .hasMessageContaining("outside [0,1]");
    assertThatThrownBy(() -> new AttackSpec(AttackKind.FGSM, List.of(), AttackMode.UNTARGETED))
        .hasMessageContaining("is empty");
  }
}
