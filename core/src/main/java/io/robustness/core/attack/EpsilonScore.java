package io.robustness.core.attack;

import java.io.Serializable;

/**
 * The model's answer on one image perturbed at one epsilon, with the size of the perturbation it
 * actually got (clipping to [0,1] can make it smaller than epsilon).
 *
 * @param epsilon step size in pixel units of [0,1]
 * @param score the prediction on the perturbed image
 * @param linf realized L-infinity norm of {@code x_adv - x}
 * @param l2 realized L2 norm of {@code x_adv - x}
 */
public record EpsilonScore(double epsilon, Score score, float linf, float l2)
    implements Serializable {}
