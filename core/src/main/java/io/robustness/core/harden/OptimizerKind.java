package io.robustness.core.harden;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The optimizers hardening offers, DJL's own. */
public enum OptimizerKind {
  /** Stochastic gradient descent with momentum 0.9. */
  SGD,
  /** Adam with PyTorch's default betas (0.9, 0.999) and epsilon 1e-8. */
  ADAM;

  static final float MOMENTUM = 0.9f;

  Optimizer create(float learningRate) {
    return switch (this) {
      case SGD ->
          Optimizer.sgd()
              .setLearningRateTracker(Tracker.fixed(learningRate))
              .optMomentum(MOMENTUM)
              .build();
      case ADAM -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    };
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OptimizerKind> parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.configName().equals(wanted)).findFirst();
  }
}
