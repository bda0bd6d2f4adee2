package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * Projected gradient descent (Madry et al.): BIM's steps from a uniformly random point of the
 * L-infinity ball around the image, {@code restarts} times; per image the restart that reached the
 * attack's aim best counts (the highest loss of the true label, untargeted; the lowest of the
 * target, targeted). The random starts are drawn from the seed, the image's key, the restart and
 * the epsilon only, so a run reproduces itself whatever the batching. Without a random start it is
 * BIM.
 */
public final class Pgd extends GradientAttack {

  /**
   * BIM's steps from random starts, {@code restarts} times (each restart scored once more to keep
   * the best); no flip search.
   */
  public static final AttackShape SHAPE =
      new AttackShape() {
        @Override
        public AttackSpec shape(AttackSpec requested) {
          return requested.withFlipSearch(FlipSearch.OFF);
        }

        @Override
        public Cost cost(AttackSpec spec) {
          boolean random = spec.iterations().randomStart();
          int restarts = random ? spec.iterations().restarts() : 1;
          int stepping = AttackShape.nonZeroEpsilons(spec);
          // From the image itself, the first step takes the clean gradient the batch already has.
          int passesPerStart = random ? spec.iterations().steps() : spec.iterations().steps() - 1;
          return new Cost(
              1 + stepping * passesPerStart * restarts,
              stepping + (restarts > 1 ? stepping * restarts : 0));
        }
      };

  private final Bim steps;

  public Pgd(AttackSpec spec) {
    super(spec);
    this.steps = new Bim(spec);
  }

  @Override
  NDArray adversarial(Batch b, double epsilon) {
    if (!spec.iterations().randomStart()) {
      return steps.iterate(b, null, epsilon);
    }
    NDArray best = null;
    NDArray bestScore = null;
    for (int r = 0; r < spec.iterations().restarts(); r++) {
      NDArray begin = randomStart(b, epsilon, r);
      NDArray candidate = steps.iterate(b, begin, epsilon);
      begin.close();
      if (spec.iterations().restarts() == 1) {
        return candidate;
      }
      NDArray score = aimReached(b, candidate);
      if (best == null) {
        best = candidate;
        bestScore = score;
      } else {
        NDArray merged = perImage(score.gt(bestScore), candidate, best);
        best.close();
        candidate.close();
        best = merged;
        bestScore = NDArrays.maximum(score, bestScore);
      }
    }
    return best;
  }

  /** The image plus noise uniform in [-epsilon, epsilon] per pixel, clipped to [0,1]. */
  private NDArray randomStart(Batch b, double epsilon, int restart) {
    float[] noise =
        RandomStarts.uniform(
            b.images(), spec.iterations().seed(), 0, restart, epsilon, u -> u * epsilon);
    NDArray offset =
        b.x().getManager().create(FloatBuffer.wrap(noise), new Shape(b.x().getShape().getShape()));
    return b.x().add(offset).clip(0f, 1f);
  }

  /**
   * Per image, how far the attack got: its loss toward the aim, signed so that higher is better.
   */
  private NDArray aimReached(Batch b, NDArray adversarial) {
    NDArray oneHot =
        b.x().getManager().create(b.start().aims()).oneHot(b.model().spec().numClasses());
    NDArray loss = b.model().logits(adversarial).logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    return loss.mul(stepSign());
  }
}
