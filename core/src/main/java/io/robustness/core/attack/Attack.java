package io.robustness.core.attack;

import io.robustness.core.model.TorchScriptModel;
import java.util.List;
import java.util.Set;

/**
 * An adversarial attack on a batch of images at every epsilon of a grid, in pixel units of [0,1].
 * Implementations are stateless and safe to share between threads on one model; each kind is one
 * class of this package, created from its {@link AttackSpec} through {@link AttackKind}.
 *
 * <pre>{@code
 * Attack fgsm = new AttackSpec(AttackKind.FGSM, List.of(0.0, 0.1), AttackMode.UNTARGETED).create();
 * List<ImageOutcome> outcomes = fgsm.run(model, batch);
 * }</pre>
 */
public interface Attack {

  /** The kind and parameters this attack was made from. */
  AttackSpec spec();

  /**
   * Attacks every image of the batch at every epsilon of the grid.
   *
   * @param keep epsilons of the grid whose adversarial pixels the result must hold (for example
   *     images, exports); empty for scores only
   */
  AttackResult run(TorchScriptModel model, ImageBatch batch, Set<Double> keep);

  /** The scores only, in batch order. */
  default List<ImageOutcome> run(TorchScriptModel model, ImageBatch batch) {
    return run(model, batch, Set.of()).outcomes();
  }
}
