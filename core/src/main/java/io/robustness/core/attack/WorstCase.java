package io.robustness.core.attack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pointwise worst case over a run's attacks (AutoAttack's robust accuracy): at each epsilon an
 * image counts as correct only if every attack left it correct, and its scores are those of the
 * attack that hurt it most: one that made it wrong, with the lowest true-class probability, if any
 * did; otherwise the one with the lowest true-class probability.
 */
public final class WorstCase {

  /** The attack name the worst case is tabled under. */
  public static final String NAME = "worst";

  /** Wrong before right, then the lower true-class probability: the first is the worst. */
  private static Comparator<EpsilonScore> hurtFirst(int label) {
    return Comparator.<EpsilonScore>comparingInt(s -> s.score().correct(label) ? 1 : 0)
        .thenComparingDouble(s -> s.score().trueClassProbability());
  }

  private WorstCase() {}

  /**
   * The worst case of one image's outcomes under each attack of the run, which share the image, its
   * label and the epsilon grid.
   *
   * @throws IllegalArgumentException if the outcomes are not of one image on one grid
   */
  public static ImageOutcome of(List<ImageOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      throw new IllegalArgumentException("no outcomes to take the worst case of");
    }
    ImageOutcome first = outcomes.get(0);
    for (ImageOutcome o : outcomes) {
      if (o.label() != first.label() || o.perturbed().size() != first.perturbed().size()) {
        throw new IllegalArgumentException(
            "outcomes of different images or grids: label "
                + o.label()
                + " with "
                + o.perturbed().size()
                + " epsilons against label "
                + first.label()
                + " with "
                + first.perturbed().size());
      }
    }
    Comparator<EpsilonScore> order = hurtFirst(first.label());
    List<EpsilonScore> worst = new ArrayList<>();
    for (int e = 0; e < first.perturbed().size(); e++) {
      EpsilonScore pick = first.perturbed().get(e);
      for (ImageOutcome o : outcomes) {
        EpsilonScore s = o.perturbed().get(e);
        if (s.epsilon() != pick.epsilon()) {
          throw new IllegalArgumentException(
              "outcomes on different grids: epsilon " + s.epsilon() + " against " + pick.epsilon());
        }
        if (order.compare(s, pick) < 0) {
          pick = s;
        }
      }
      worst.add(pick);
    }
    return new ImageOutcome(first.label(), first.target(), first.mode(), first.clean(), worst);
  }
}
