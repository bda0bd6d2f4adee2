package io.robustness.core.checks;

import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.Direction;
import io.robustness.core.metrics.CurvePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verdicts of the attack-failure checks, from each attack's {@link CheckTally} and curve:
 *
 * <ul>
 *   <li>{@value #ZERO_GRADIENT}: share of images whose input gradient at the clean image is zero in
 *       every pixel (or not a number): no gradient attack can move them;
 *   <li>{@value #SATURATED_SOFTMAX}: share of images whose clean top-class probability is at or
 *       above the saturation threshold, where the loss's gradient vanishes in float32;
 *   <li>{@value #WEAKER_THAN_FGSM}: per epsilon, an iterative attack's accuracy minus FGSM's in the
 *       same run (an iterative attack that does worse than its own first step is broken or masked);
 *   <li>{@value #UNBOUNDED_ATTACK}: the accuracy an iterative attack leaves at the largest epsilon,
 *       when that epsilon is large: an attack with that much room must succeed (not FGSM: one step
 *       can overshoot, and on MNIST leaves about a quarter of the images right at 0.3);
 *   <li>{@value #LOSS_NOT_INCREASED}: per epsilon, the share of the images first classified right
 *       whose true-class probability an iterative, untargeted attack did not lower;
 *   <li>{@value #DESCEND_LOWERS_ACCURACY}: per epsilon, the accuracy a descending attack (against
 *       the gradient, a sanity run) takes away: stepping down the loss must not hurt.
 * </ul>
 *
 * A check that does not apply to an attack is left out; the unbounded-attack check is written as
 * {@code skipped} when the grid holds no large epsilon, so that its absence is visible.
 */
public final class AttackChecks {

  public static final String ZERO_GRADIENT = "zero-gradient";
  public static final String SATURATED_SOFTMAX = "saturated-softmax";
  public static final String WEAKER_THAN_FGSM = "weaker-than-fgsm";
  public static final String UNBOUNDED_ATTACK = "unbounded-attack";
  public static final String LOSS_NOT_INCREASED = "loss-not-increased";
  public static final String DESCEND_LOWERS_ACCURACY = "descend-lowers-accuracy";

  private AttackChecks() {}

  /**
   * @param tallies each attack's tally, by {@link AttackSpec#name()}
   * @param curves each attack's overall curve, by name, in its grid's order
   */
  public static List<CheckRow> evaluate(
      List<AttackSpec> attacks,
      Map<String, CheckTally> tallies,
      Map<String, List<CurvePoint>> curves,
      CheckThresholds t) {
    List<CheckRow> rows = new ArrayList<>();
    AttackSpec fgsm =
        attacks.stream().filter(a -> a.kind() == AttackKind.FGSM).findFirst().orElse(null);
    for (AttackSpec attack : attacks) {
      CheckTally tally = tallies.get(attack.name());
      List<CurvePoint> curve = curves.get(attack.name());
      if (tally == null || tally.images() == 0 || curve == null) {
        continue;
      }
      String name = attack.name();
      rows.add(
          atMost(
              name,
              null,
              ZERO_GRADIENT,
              share(tally.zeroGradient(), tally.images()),
              t.zeroGradientShare()));
      rows.add(
          atMost(
              name,
              null,
              SATURATED_SOFTMAX,
              share(tally.saturated(), tally.images()),
              t.saturatedShare()));
      boolean ascending = attack.direction() == Direction.ASCEND;
      if (attack.kind() != AttackKind.FGSM && fgsm != null && ascending) {
        List<CurvePoint> fgsmCurve = curves.get(fgsm.name());
        for (CurvePoint p : curve) {
          CurvePoint f = at(fgsmCurve, p.epsilon());
          if (p.epsilon() > 0 && f != null) {
            rows.add(
                atMost(
                    name,
                    p.epsilon(),
                    WEAKER_THAN_FGSM,
                    p.accuracy() - f.accuracy(),
                    t.iterativeMargin()));
          }
        }
      }
      if (ascending && attack.kind() != AttackKind.FGSM) {
        CurvePoint largest = curve.get(curve.size() - 1);
        CheckRow row =
            atMost(
                name,
                largest.epsilon(),
                UNBOUNDED_ATTACK,
                largest.accuracy(),
                t.unboundedAccuracy());
        rows.add(
            largest.epsilon() >= t.unboundedEpsilon()
                ? row
                : new CheckRow(
                    name,
                    row.epsilon(),
                    row.check(),
                    row.value(),
                    row.threshold(),
                    Verdict.SKIPPED));
      }
      if (attack.kind() != AttackKind.FGSM
          && ascending
          && attack.mode() == AttackMode.UNTARGETED
          && tally.initiallyCorrect() > 0) {
        for (CurvePoint p : curve) {
          if (p.epsilon() > 0) {
            rows.add(
                atMost(
                    name,
                    p.epsilon(),
                    LOSS_NOT_INCREASED,
                    share(tally.notLowered(p.epsilon()), tally.initiallyCorrect()),
                    t.lossNotIncreasedShare()));
          }
        }
      }
      if (!ascending) {
        double clean = share(tally.initiallyCorrect(), tally.images());
        for (CurvePoint p : curve) {
          if (p.epsilon() > 0) {
            rows.add(
                atMost(
                    name,
                    p.epsilon(),
                    DESCEND_LOWERS_ACCURACY,
                    clean - p.accuracy(),
                    t.descendDrop()));
          }
        }
      }
    }
    return rows;
  }

  private static CheckRow atMost(
      String attack, Double epsilon, String check, double value, double threshold) {
    return new CheckRow(
        attack, epsilon, check, value, threshold, value > threshold ? Verdict.FAIL : Verdict.PASS);
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static CurvePoint at(List<CurvePoint> curve, double epsilon) {
    return curve.stream().filter(p -> p.epsilon() == epsilon).findFirst().orElse(null);
  }
}
