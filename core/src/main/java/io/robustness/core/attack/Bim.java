package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The Basic Iterative Method (iterative FGSM, Kurakin et al.): for each epsilon, {@code steps}
 * steps of {@code stepSize * epsilon} along the sign of the loss gradient at the current point,
 * each followed by projection onto the L-infinity ball of radius epsilon around the image and onto
 * [0,1]. Each epsilon costs {@code steps} forward and backward passes; the first step's gradient,
 * taken at the clean image, is shared by all epsilons.
 *
 * <p>Each step's arrays live in their own sub-manager, closed when the next point exists, so memory
 * holds a few batch-sized arrays whatever the number of steps.
 */
public final class Bim extends GradientAttack {

  /** Steps from the image itself (no random start, no flip search). */
  public static final AttackShape SHAPE =
      new AttackShape() {
        @Override
        public AttackSpec shape(AttackSpec requested) {
          return requested
              .withIterations(requested.iterations().withoutRandomStart())
              .withFlipSearch(FlipSearch.OFF);
        }

        @Override
        public Cost cost(AttackSpec spec) {
          return new Cost(
              1 + AttackShape.nonZeroEpsilons(spec) * (spec.iterations().steps() - 1),
              AttackShape.nonZeroEpsilons(spec));
        }
      };

  public Bim(AttackSpec spec) {
    super(spec);
  }

  @Override
  NDArray adversarial(Batch b, double epsilon) {
    return iterate(b, null, epsilon);
  }

  /**
   * The steps at {@code epsilon} from {@code start} (null: the clean image, whose gradient is
   * known). The result is attached to the batch's manager.
   */
  NDArray iterate(Batch b, NDArray start, double epsilon) {
    NDManager batch = b.x().getManager();
    float stride = (float) (spec.iterations().stepSize() * epsilon) * stepSign();
    try (NDManager scope = batch.newSubManager()) {
      NDArray x = local(b.x(), scope);
      NDArray upper = x.add((float) epsilon);
      NDArray lower = x.sub((float) epsilon);
      NDArray current = start == null ? x : local(start, scope);
      for (int t = 0; t < spec.iterations().steps(); t++) {
        Cancellation.throwIfInterrupted("an iterative attack's steps");
        try (NDManager step = scope.newSubManager()) {
          NDArray here = local(current, step);
          NDArray sign =
              t == 0 && start == null
                  ? local(b.start().gradient(), step).sign()
                  : InputGradient.of(b.model(), here.duplicate(), b.start().aims())
                      .gradient()
                      .sign();
          NDArray next = here.add(sign.mul(stride)).minimum(upper).maximum(lower).clip(0f, 1f);
          next.attach(scope);
          if (current != x) {
            current.close();
          }
          current = next;
        }
      }
      current.attach(batch);
      return current;
    }
  }

  /** A copy of {@code array} owned by {@code manager}, so the arithmetic on it stays there. */
  static NDArray local(NDArray array, NDManager manager) {
    NDArray copy = array.duplicate();
    copy.attach(manager);
    return copy;
  }
}
