package io.robustness.core.checks;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One attack's counts for the checks, over any subset of the images; tallies of disjoint subsets
 * merge in any order into the tally of their union.
 */
public final class CheckTally implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<Double> epsilons;
  private final float saturatedProbability;
  private long images;
  private long zeroGradient;
  private long saturated;
  private long initiallyCorrect;

  /** Per epsilon: images first classified right whose true-class probability did not fall. */
  private final long[] notLowered;

  public CheckTally(AttackSpec attack, double saturatedProbability) {
    this.epsilons = List.copyOf(attack.epsilons());
    this.saturatedProbability = (float) saturatedProbability;
    this.notLowered = new long[epsilons.size()];
  }

  public CheckTally add(ImageOutcome outcome) {
    images++;
    if (outcome.gradientVanished()) {
      zeroGradient++;
    }
    if (outcome.clean().confidence() >= saturatedProbability) {
      saturated++;
    }
    if (outcome.initiallyCorrect()) {
      initiallyCorrect++;
    }
    if (outcome.mode() == AttackMode.UNTARGETED && outcome.initiallyCorrect()) {
      float clean = outcome.clean().trueClassProbability();
      // One score per epsilon, in the grid's order.
      List<EpsilonScore> perturbed = outcome.perturbed();
      for (int e = 0; e < perturbed.size(); e++) {
        EpsilonScore s = perturbed.get(e);
        if (s.epsilon() > 0 && s.score().trueClassProbability() >= clean) {
          notLowered[e]++;
        }
      }
    }
    return this;
  }

  public CheckTally merge(CheckTally other) {
    images += other.images;
    zeroGradient += other.zeroGradient;
    saturated += other.saturated;
    initiallyCorrect += other.initiallyCorrect;
    for (int e = 0; e < notLowered.length; e++) {
      notLowered[e] += other.notLowered[e];
    }
    return this;
  }

  long images() {
    return images;
  }

  long zeroGradient() {
    return zeroGradient;
  }

  long saturated() {
    return saturated;
  }

  long initiallyCorrect() {
    return initiallyCorrect;
  }

  long notLowered(double epsilon) {
    return notLowered[epsilons.indexOf(epsilon)];
  }

  @Override
  public String toString() {
    return "CheckTally[images="
        + images
        + ", zeroGradient="
        + zeroGradient
        + ", saturated="
        + saturated
        + ", initiallyCorrect="
        + initiallyCorrect
        + ", notLowered="
        + Arrays.toString(notLowered)
        + "]";
  }
}
