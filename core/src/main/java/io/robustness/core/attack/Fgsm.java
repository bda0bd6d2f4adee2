package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The Fast Gradient Sign Method over a batch, for a grid of epsilons in pixel units of [0,1]:
 * {@code x_adv = clip(x + eps * sign(grad_x loss(model(x), y)), 0, 1)}, or in targeted mode {@code
 * clip(x - eps * sign(grad_x loss(model(x), target)), 0, 1)}. The loss is cross-entropy summed over
 * the batch; the gradient does not depend on epsilon, so each batch costs one forward and backward
 * pass plus one forward per epsilon above 0. Epsilon 0 yields the clean scores, the gradient
 * pass's.
 *
 * <p>With a {@link FlipSearch}, images whose prediction leaves the label between two grid epsilons
 * are bisected along the same direction to the boundary, a few forwards each ({@link
 * FlipBisection}).
 *
 * <p><b>Concurrency.</b> Safe to call from many threads on one shared model: DJL's PyTorch engine
 * allows a single {@code GradientCollector} per JVM, so gradients are taken through {@link
 * InputGradient}, with grad mode on for the calling thread only.
 */
public final class Fgsm extends GradientAttack {

  /**
   * One gradient at the clean images, reused for every epsilon: no steps, no random start; the
   * exact flip search is FGSM's alone.
   */
  public static final AttackShape SHAPE =
      new AttackShape() {
        @Override
        public AttackSpec shape(AttackSpec requested) {
          return requested.withIterations(requested.iterations().withoutRandomStart());
        }

        @Override
        public Cost cost(AttackSpec spec) {
          return new Cost(1, AttackShape.nonZeroEpsilons(spec));
        }
      };

  public Fgsm(AttackSpec spec) {
    super(spec);
  }

  /**
   * @param epsilons the grid, each in [0,1], ascending; include 0 to get the clean scores as a row
   */
  public Fgsm(List<Double> epsilons, AttackMode mode) {
    this(new AttackSpec(AttackKind.FGSM, epsilons, mode));
  }

  @Override
  NDArray adversarial(Batch b, double epsilon) {
    return b.x().add(step(b).mul((float) epsilon)).clip(0f, 1f);
  }

  /** The signed step of one pixel unit, the same for every epsilon. */
  private NDArray step(Batch b) {
    NDArray sign = b.start().gradient().sign();
    return stepSign() == 1f ? sign : sign.mul(stepSign());
  }

  @Override
  double[] exactFlipEpsilons(Batch b, List<List<EpsilonScore>> perImage) {
    if (!spec.flipSearch().enabled()) {
      return null;
    }
    return new FlipBisection(b, step(b).toFloatArray(), spec.flipSearch().tolerance())
        .search(perImage);
  }
}
