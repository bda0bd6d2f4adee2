package io.robustness.core.attack;

import java.util.List;

/**
 * Everything FGSM found about one image: the clean prediction and one score per epsilon, in the
 * order of the epsilon grid.
 *
 * @param label true class
 * @param target target class in targeted mode, -1 otherwise
 */
public record ImageOutcome(
    int label, int target, AttackMode mode, Score clean, List<EpsilonScore> perturbed) {

  public ImageOutcome {
    perturbed = List.copyOf(perturbed);
  }

  public boolean initiallyCorrect() {
    return clean.correct(label);
  }

  /**
   * The attack worked at this epsilon on an image the model first got right: untargeted, the
   * prediction left the label; targeted, it reached the target.
   */
  public boolean succeeded(EpsilonScore score) {
    if (!initiallyCorrect()) {
      return false;
    }
    int prediction = score.score().prediction();
    return mode == AttackMode.TARGETED ? prediction == target : prediction != label;
  }
}
