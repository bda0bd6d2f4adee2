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
 * @param topWrongProbability the highest softmax probability of a class other than the true label:
 *     with {@code trueClassProbability}, how close the image is to leaving its label
 */
public record Score(
    int prediction,
    float confidence,
    float trueClassProbability,
    boolean top5Hit,
    float topWrongProbability)
    implements Serializable {

  public boolean correct(int label) {
    return prediction == label;
  }
}
