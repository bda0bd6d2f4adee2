package io.robustness.core.attack;

import java.io.Serializable;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Everything an attack found about one image: the clean prediction and one score per epsilon, in
 * the order of the epsilon grid.
 *
 * @param label true class
 * @param target target class in targeted mode (a least-likely target resolved), -1 otherwise
 * @param exactFlipEpsilon the boundary FGSM's flip search found along its direction, NaN when it
 *     did not search or the grid never flips the image
 * @param gradientVanished the loss gradient at the clean image is zero in every pixel, or not a
 *     number: no gradient step can move the image (the checks count these)
 */
public record ImageOutcome(
    int label,
    int target,
    AttackMode mode,
    Score clean,
    List<EpsilonScore> perturbed,
    double exactFlipEpsilon,
    boolean gradientVanished)
    implements Serializable {

  public ImageOutcome {
    perturbed = List.copyOf(perturbed);
  }

  /** An outcome without an exact flip epsilon, whose gradient did not vanish. */
  public ImageOutcome(
      int label, int target, AttackMode mode, Score clean, List<EpsilonScore> perturbed) {
    this(label, target, mode, clean, perturbed, Double.NaN);
  }

  /** An outcome whose gradient did not vanish. */
  public ImageOutcome(
      int label,
      int target,
      AttackMode mode,
      Score clean,
      List<EpsilonScore> perturbed,
      double exactFlipEpsilon) {
    this(label, target, mode, clean, perturbed, exactFlipEpsilon, false);
  }

  /**
   * The smallest epsilon whose prediction differs from the label (at epsilon 0 for an image the
   * model gets wrong anyway); empty when no epsilon of the grid flips it.
   */
  public OptionalDouble flipEpsilon() {
    return perturbed.stream()
        .filter(s -> s.score().prediction() != label)
        .mapToDouble(EpsilonScore::epsilon)
        .min();
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
