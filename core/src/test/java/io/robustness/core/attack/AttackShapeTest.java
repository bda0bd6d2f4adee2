package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind declares which shared settings it uses and what a batch costs it. */
class AttackShapeTest {

  private static final List<Double> GRID = List.of(0.0, 0.05, 0.1, 0.3);
  private static final Iterations THREE_RESTARTS = new Iterations(7, 0.25, true, 3, 11);

  private static AttackSpec requested() {
    return new AttackSpec(AttackKind.FGSM, GRID, AttackMode.UNTARGETED)
        .withIterations(THREE_RESTARTS)
        .withFlipSearch(new FlipSearch(true, 0.002));
  }

  @Test
  void fgsmKeepsItsFlipSearchAndDrawsNoRandomStart() {
    AttackSpec fgsm = AttackKind.FGSM.shape(requested());
    assertThat(fgsm.kind()).isEqualTo(AttackKind.FGSM);
    assertThat(fgsm.flipSearch().enabled()).isTrue();
    assertThat(fgsm.iterations().randomStart()).isFalse();
    assertThat(AttackKind.FGSM.cost(fgsm)).isEqualTo(new AttackShape.Cost(1, 3));
  }

  @Test
  void bimStepsFromTheImageAtEveryEpsilonButZero() {
    AttackSpec bim = AttackKind.BIM.shape(requested());
    assertThat(bim.kind()).isEqualTo(AttackKind.BIM);
    assertThat(bim.flipSearch().enabled()).isFalse();
    assertThat(bim.iterations().randomStart()).isFalse();
    assertThat(AttackKind.BIM.cost(bim)).isEqualTo(new AttackShape.Cost(1 + 3 * 6, 3));
  }

  @Test
  void pgdPaysForEachRestartAndScoresEachOnceMore() {
    AttackSpec pgd = AttackKind.PGD.shape(requested());
    assertThat(pgd.kind()).isEqualTo(AttackKind.PGD);
    assertThat(pgd.flipSearch().enabled()).isFalse();
    assertThat(pgd.iterations()).isEqualTo(THREE_RESTARTS);
    assertThat(AttackKind.PGD.cost(pgd)).isEqualTo(new AttackShape.Cost(1 + 3 * 7 * 3, 3 + 3 * 3));
    AttackSpec noStart = pgd.withIterations(THREE_RESTARTS.withoutRandomStart());
    assertThat(AttackKind.PGD.cost(noStart)).isEqualTo(AttackKind.BIM.cost(noStart));
  }

  @Test
  void everyKindDeclaresItsShape() {
    for (AttackKind kind : AttackKind.values()) {
      AttackSpec shaped = kind.shape(requested());
      assertThat(shaped.kind()).isEqualTo(kind);
      assertThat(shaped.epsilons()).isEqualTo(GRID);
      assertThat(kind.cost(shaped).forwardBackward()).isPositive();
      assertThat(kind.cost(shaped).forward()).isGreaterThanOrEqualTo(GRID.size() - 1);
    }
  }

  @Test
  void apgdAlwaysStartsAtRandomPaysAStartGradientPerRunAndRefusesWhatItCannotDo() {
    for (AttackKind kind : List.of(AttackKind.APGD_CE, AttackKind.APGD_DLR)) {
      AttackSpec apgd = kind.shape(requested().withIterations(THREE_RESTARTS.withoutRandomStart()));
      assertThat(apgd.iterations()).isEqualTo(new Iterations(7, 2.0, true, 3, 11));
      assertThat(apgd.flipSearch().enabled()).isFalse();
      assertThat(kind.cost(apgd)).isEqualTo(new AttackShape.Cost(1 + 3 * (7 + 1) * 3, 3));
      assertThat(kind.refuses(apgd, 10)).isNull();
      assertThat(kind.refuses(new AttackSpec(kind, GRID, AttackMode.TARGETED), 10))
          .contains("untargeted");
      assertThat(kind.refuses(apgd.withDirection(Direction.DESCEND), 10)).contains("descend");
    }
    assertThat(AttackKind.APGD_DLR.refuses(AttackKind.APGD_DLR.shape(requested()), 2))
        .contains("at least 3 classes");
    assertThat(AttackKind.APGD_CE.refuses(AttackKind.APGD_CE.shape(requested()), 2)).isNull();
    assertThat(AttackKind.PGD.refuses(requested().withDirection(Direction.DESCEND), 2)).isNull();
  }
}
