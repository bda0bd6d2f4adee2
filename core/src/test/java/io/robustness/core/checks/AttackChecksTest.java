package io.robustness.core.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.Direction;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.Score;
import io.robustness.core.metrics.CurveAccumulator;
import io.robustness.core.metrics.CurvePoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttackChecksTest {

  /** The defaults of reference.conf, as a user would leave them. */
  private static final CheckThresholds THRESHOLDS =
      new CheckThresholds(0.1, 0.99999, 0.5, 0.01, 0.3, 0.1, 0.1, 0.01);

  private static final List<Double> GRID = List.of(0.0, 0.1, 0.3);
  private static final AttackSpec FGSM =
      new AttackSpec(AttackKind.FGSM, GRID, AttackMode.UNTARGETED);
  private static final AttackSpec BIM = new AttackSpec(AttackKind.BIM, GRID, AttackMode.UNTARGETED);

  /** Label 1, clean true-class probability {@code clean}; then (prediction, true prob) per eps. */
  private static ImageOutcome image(boolean vanished, float clean, float... perEps) {
    List<EpsilonScore> scores =
        List.of(
            at(0.0, clean >= 0.5f ? 1 : 2, clean),
            at(0.1, perEps[0] >= 0.5f ? 1 : 2, perEps[0]),
            at(0.3, perEps[1] >= 0.5f ? 1 : 2, perEps[1]));
    return new ImageOutcome(
        1,
        -1,
        AttackMode.UNTARGETED,
        new Score(clean >= 0.5f ? 1 : 2, Math.max(clean, 1 - clean), clean, true, 1 - clean),
        scores,
        Double.NaN,
        vanished);
  }

  private static EpsilonScore at(double eps, int prediction, float trueProb) {
    return new EpsilonScore(
        eps,
        new Score(prediction, Math.max(trueProb, 1 - trueProb), trueProb, true, 1 - trueProb),
        (float) eps,
        0f);
  }

  /** Tallies and curves of each attack's outcomes, split in two partitions merged. */
  private static List<CheckRow> evaluate(
      Map<AttackSpec, List<ImageOutcome>> outcomes, CheckThresholds thresholds) {
    Map<String, CheckTally> tallies = new LinkedHashMap<>();
    Map<String, List<CurvePoint>> curves = new LinkedHashMap<>();
    outcomes.forEach(
        (spec, list) -> {
          CheckTally first = new CheckTally(spec, thresholds.saturatedProbability());
          CheckTally second = new CheckTally(spec, thresholds.saturatedProbability());
          CurveAccumulator curve = new CurveAccumulator(spec.grid());
          for (int i = 0; i < list.size(); i++) {
            (i % 2 == 0 ? first : second).add(list.get(i));
            curve.add(list.get(i));
          }
          tallies.put(spec.name(), first.merge(second));
          curves.put(spec.name(), curve.overall());
        });
    return AttackChecks.evaluate(List.copyOf(outcomes.keySet()), tallies, curves, thresholds);
  }

  private static CheckRow row(List<CheckRow> rows, String attack, String check, Double eps) {
    return rows.stream()
        .filter(r -> r.attack().equals(attack) && r.check().equals(check))
        .filter(r -> eps == null ? r.epsilon() == null : eps.equals(r.epsilon()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + attack + " " + check + " " + eps));
  }

  @Test
  void anOrdinaryAttackPassesEveryCheck() {
    Map<AttackSpec, List<ImageOutcome>> outcomes = new LinkedHashMap<>();
    outcomes.put(
        FGSM,
        List.of(
            image(false, 0.9f, 0.6f, 0.1f),
            image(false, 0.8f, 0.3f, 0.05f),
            image(false, 0.7f, 0.4f, 0.0f)));
    outcomes.put(
        BIM,
        List.of(
            image(false, 0.9f, 0.4f, 0.0f),
            image(false, 0.8f, 0.2f, 0.0f),
            image(false, 0.7f, 0.1f, 0.0f)));

    List<CheckRow> rows = evaluate(outcomes, THRESHOLDS);

    assertThat(rows).noneMatch(CheckRow::failed);
    assertThat(rows)
        .extracting(r -> r.attack() + " " + r.check() + " " + r.epsilon())
        .containsExactly(
            "fgsm zero-gradient null",
            "fgsm saturated-softmax null",
            "bim zero-gradient null",
            "bim saturated-softmax null",
            "bim weaker-than-fgsm 0.1",
            "bim weaker-than-fgsm 0.3",
            "bim unbounded-attack 0.3",
            "bim loss-not-increased 0.1",
            "bim loss-not-increased 0.3");
    assertThat(row(rows, "bim", AttackChecks.WEAKER_THAN_FGSM, 0.1).value())
        .isCloseTo(0.0 - 1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aMaskedModelFailsTheGradientSaturationAndUnboundedChecks() {
    // Gradients vanish and softmax saturates: nothing moves, even at a large epsilon.
    Map<AttackSpec, List<ImageOutcome>> outcomes = new LinkedHashMap<>();
    outcomes.put(
        FGSM,
        List.of(
            image(true, 1.0f, 1.0f, 1.0f),
            image(true, 1.0f, 1.0f, 1.0f),
            image(false, 0.9f, 0.8f, 0.2f)));
    outcomes.put(
        BIM,
        List.of(
            image(true, 1.0f, 1.0f, 1.0f),
            image(true, 1.0f, 1.0f, 1.0f),
            image(false, 0.9f, 0.9f, 0.6f)));

    List<CheckRow> rows = evaluate(outcomes, THRESHOLDS);

    assertThat(row(rows, "fgsm", AttackChecks.ZERO_GRADIENT, null).value()).isEqualTo(2.0 / 3);
    assertThat(row(rows, "fgsm", AttackChecks.ZERO_GRADIENT, null).failed()).isTrue();
    assertThat(row(rows, "fgsm", AttackChecks.SATURATED_SOFTMAX, null).failed()).isTrue();
    assertThat(row(rows, "bim", AttackChecks.UNBOUNDED_ATTACK, 0.3).value()).isEqualTo(1.0);
    assertThat(row(rows, "bim", AttackChecks.UNBOUNDED_ATTACK, 0.3).failed()).isTrue();
    // One step may overshoot: FGSM is not held to succeed at a large epsilon.
    assertThat(rows)
        .noneMatch(
            r -> r.attack().equals("fgsm") && r.check().equals(AttackChecks.UNBOUNDED_ATTACK));
    // BIM left the third image right at 0.3 where FGSM flipped it: weaker than its first step.
    assertThat(row(rows, "bim", AttackChecks.WEAKER_THAN_FGSM, 0.3).value())
        .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(row(rows, "bim", AttackChecks.WEAKER_THAN_FGSM, 0.3).failed()).isTrue();
    assertThat(row(rows, "bim", AttackChecks.WEAKER_THAN_FGSM, 0.1).failed()).isFalse();
    // At 0.1 every image kept its true-class probability (the third exactly: >= counts).
    assertThat(row(rows, "bim", AttackChecks.LOSS_NOT_INCREASED, 0.1).value()).isEqualTo(1.0);
    assertThat(row(rows, "bim", AttackChecks.LOSS_NOT_INCREASED, 0.3).value()).isEqualTo(2.0 / 3);
  }

  @Test
  void aSmallGridSkipsTheUnboundedCheckAndADescendingRunIsCheckedForDamage() {
    AttackSpec small = new AttackSpec(AttackKind.BIM, List.of(0.0, 0.05), AttackMode.UNTARGETED);
    CheckTally tally = new CheckTally(small, 0.99999);
    CurveAccumulator curve = new CurveAccumulator(small.grid());
    ImageOutcome o =
        new ImageOutcome(
            1,
            -1,
            AttackMode.UNTARGETED,
            new Score(1, 0.9f, 0.9f, true, 0.1f),
            List.of(at(0.0, 1, 0.9f), at(0.05, 1, 0.8f)));
    tally.add(o);
    curve.add(o);
    List<CheckRow> rows =
        AttackChecks.evaluate(
            List.of(small), Map.of("bim", tally), Map.of("bim", curve.overall()), THRESHOLDS);
    assertThat(row(rows, "bim", AttackChecks.UNBOUNDED_ATTACK, 0.05).verdict())
        .isEqualTo(Verdict.SKIPPED);

    AttackSpec descend = small.withDirection(Direction.DESCEND);
    CheckTally down = new CheckTally(descend, 0.99999);
    CurveAccumulator downCurve = new CurveAccumulator(descend.grid());
    ImageOutcome hurt =
        new ImageOutcome(
            1,
            -1,
            AttackMode.UNTARGETED,
            new Score(1, 0.9f, 0.9f, true, 0.1f),
            List.of(at(0.0, 1, 0.9f), at(0.05, 2, 0.3f)));
    down.add(hurt);
    downCurve.add(hurt);
    List<CheckRow> descending =
        AttackChecks.evaluate(
            List.of(descend), Map.of("bim", down), Map.of("bim", downCurve.overall()), THRESHOLDS);
    assertThat(row(descending, "bim", AttackChecks.DESCEND_LOWERS_ACCURACY, 0.05).value())
        .isEqualTo(1.0);
    assertThat(row(descending, "bim", AttackChecks.DESCEND_LOWERS_ACCURACY, 0.05).failed())
        .isTrue();
    assertThat(descending).noneMatch(r -> r.check().equals(AttackChecks.UNBOUNDED_ATTACK));
  }
}
