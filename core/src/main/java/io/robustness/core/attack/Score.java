package io.robustness.core.attack;

import java.io.Serializable;

/**
 * What the model said about one image.
 *
 * @param prediction arg-max class index
 * @param confidence softmax probability of {@code prediction}
 * @param trueClassProbability softmax probability of the true label
 * @param top5Hit the true label is among the five most probable classes (equal probabilities rank
 *     by class index, as {@code prediction} breaks them)
 */
public record Score(int prediction, float confidence, float trueClassProbability, boolean top5Hit)
    implements Serializable {

  public boolean correct(int label) {
    return prediction == label;
  }
}
