package io.robustness.core.checks;

import java.io.Serializable;

/**
 * Where each check fails (the settings {@code robustness.checks.*}).
 *
 * @param zeroGradientShare the largest share of images whose input gradient at the clean image may
 *     be zero in every pixel (or not a number)
 * @param saturatedProbability a clean top-class probability at or above this is saturated: the
 *     cross-entropy's gradient through it is (nearly) zero
 * @param saturatedShare the largest share of images whose clean softmax may be saturated
 * @param iterativeMargin how far an iterative attack's accuracy may lie above FGSM's at the same
 *     epsilon (it should lie below: it starts with FGSM's step and takes more)
 * @param unboundedEpsilon the unbounded-attack check applies when the run's largest epsilon is at
 *     least this
 * @param unboundedAccuracy the largest accuracy an attack may leave at that epsilon
 * @param lossNotIncreasedShare the largest share of the images first classified right whose
 *     true-class probability an iterative attack did not lower
 * @param descendDrop the largest accuracy drop a descending attack (against the gradient) may cause
 */
public record CheckThresholds(
    double zeroGradientShare,
    double saturatedProbability,
    double saturatedShare,
    double iterativeMargin,
    double unboundedEpsilon,
    double unboundedAccuracy,
    double lossNotIncreasedShare,
    double descendDrop)
    implements Serializable {}
