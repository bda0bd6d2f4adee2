package io.robustness.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Auto-PGD in the L-infinity ball (Croce and Hein, "Reliable evaluation of adversarial robustness
 * with an ensemble of diverse parameter-free attacks", ICML 2020), the core of AutoAttack: from a
 * random point of the ball's surface, {@code steps} steps that need no step size. The step starts
 * at 2 epsilon and is halved per image at checkpoints (after 22% of the steps, then at intervals
 * shrinking by 3% of the steps to at least 6%) when the loss rose in at most 75% of the steps since
 * the last checkpoint, or when the best loss did not improve while the step was not halved last
 * time; a halving restarts from the best point. Each step moves with momentum 0.75 toward the
 * gradient-sign step. An image counts as fooled when any iterate misclassifies it; {@code restarts}
 * runs from new random starts attack the images not fooled yet.
 *
 * <p>Per image, the result is the last iterate that misclassified it, or else the iterate of
 * highest loss (of its best restart). The random starts depend only on the seed, the image's key,
 * the restart and the epsilon, so a run reproduces itself whatever the batching. Untargeted and
 * ascending only; {@link ApgdLoss} says which loss it climbs.
 */
public final class Apgd extends GradientAttack {

  /** The reference's constants: oscillation share, checkpoint fractions, momentum. */
  private static final double RHO = 0.75;

  private static final double FIRST_CHECKPOINT = 0.22;
  private static final double CHECKPOINT_SHRINK = 0.03;
  private static final double MIN_CHECKPOINT = 0.06;
  private static final float MOMENTUM = 0.75f;

  /** Keeps APGD's random starts apart from PGD's at the same seed. */
  private static final long SALT = 0x41504744L;

  /**
   * Always from random starts, with its own step-size schedule (the step size setting is shown as
   * 2, its first step in units of epsilon); no flip search. Each run costs a gradient at its start
   * and one per step.
   */
  public static final AttackShape SHAPE =
      new AttackShape() {
        @Override
        public AttackSpec shape(AttackSpec requested) {
          Iterations i = requested.iterations();
          return requested
              .withIterations(new Iterations(i.steps(), 2.0, true, i.restarts(), i.seed()))
              .withFlipSearch(FlipSearch.OFF);
        }

        @Override
        public Cost cost(AttackSpec spec) {
          int runs = spec.iterations().restarts();
          return new Cost(
              1 + AttackShape.nonZeroEpsilons(spec) * (spec.iterations().steps() + 1) * runs,
              AttackShape.nonZeroEpsilons(spec));
        }

        @Override
        public String refuses(AttackSpec spec, int classes) {
          if (spec.mode() == AttackMode.TARGETED) {
            return "is untargeted (AutoAttack's targeted APGD is not implemented): use fgsm, bim"
                + " or pgd for targeted runs";
          }
          if (spec.direction() == Direction.DESCEND) {
            return "climbs its loss: the descend direction is for fgsm, bim and pgd";
          }
          if (spec.kind() == AttackKind.APGD_DLR && classes < ApgdLoss.DLR.minimumClasses()) {
            return "needs at least 3 classes (its loss divides by the first minus the third largest"
                + " logit); the model has "
                + classes;
          }
          return null;
        }
      };

  private final ApgdLoss loss;

  public Apgd(AttackSpec spec, ApgdLoss loss) {
    super(spec);
    this.loss = loss;
  }

  @Override
  NDArray adversarial(Batch b, double epsilon) {
    int n = b.images().count();
    Run best = null;
    for (int r = 0; r < spec.iterations().restarts(); r++) {
      if (best != null && allTrue(best.fooled())) {
        break;
      }
      Run run = singleRun(b, epsilon, r);
      if (best == null) {
        best = run;
        continue;
      }
      boolean[] take = new boolean[n];
      boolean[] fooled = best.fooled().clone();
      float[] lossBest = best.lossBest().clone();
      for (int i = 0; i < n; i++) {
        if (!fooled[i] && (run.fooled()[i] || run.lossBest()[i] > lossBest[i])) {
          take[i] = true;
          fooled[i] = run.fooled()[i];
          lossBest[i] = run.lossBest()[i];
        }
      }
      NDArray merged = where(take, run.adversarial(), best.adversarial());
      merged.attach(b.x().getManager());
      best.adversarial().close();
      run.adversarial().close();
      best = new Run(merged, fooled, lossBest);
    }
    return best.adversarial();
  }

  /** One run's result: its adversarial batch (on the batch's manager) and per image its outcome. */
  private record Run(NDArray adversarial, boolean[] fooled, float[] lossBest) {}

  private Run singleRun(Batch b, double epsilon, int restart) {
    NDManager batch = b.x().getManager();
    ImageBatch images = b.images();
    int n = images.count();
    int[] labels = images.labels();
    int steps = spec.iterations().steps();
    float eps = (float) epsilon;
    try (NDManager scope = batch.newSubManager()) {
      NDArray x = Bim.local(b.x(), scope);
      NDArray upper = x.add(eps);
      NDArray lower = x.sub(eps);
      NDArray xAdv =
          x.add(
                  scope.create(
                      FloatBuffer.wrap(surfaceStart(images, epsilon, restart)), x.getShape()))
              .clip(0f, 1f);
      LossGradient first = LossGradient.of(b.model(), xAdv.duplicate(), labels, loss);
      NDArray grad = first.gradient();
      grad.attach(scope);
      boolean[] fooled = wrong(first.predictions(), labels);
      float[] lossBest = first.losses().clone();
      NDArray xAdvOld = xAdv.duplicate();
      NDArray xBest = xAdv.duplicate();
      NDArray xBestAdv = xAdv.duplicate();
      NDArray gradBest = grad.duplicate();
      float[] stepSizes = new float[n];
      Arrays.fill(stepSizes, 2f * eps);
      float[][] lossSteps = new float[steps][];
      int k = Math.max((int) (FIRST_CHECKPOINT * steps), 1);
      int shrink = Math.max((int) (CHECKPOINT_SHRINK * steps), 1);
      int minimum = Math.max((int) (MIN_CHECKPOINT * steps), 1);
      int sinceCheck = 0;
      float[] lossBestLastCheck = lossBest.clone();
      boolean[] reducedLastCheck = new boolean[n];
      Arrays.fill(reducedLastCheck, true);
      for (int i = 0; i < steps; i++) {
        Cancellation.throwIfInterrupted("APGD's steps");
        try (NDManager step = scope.newSubManager()) {
          NDArray here = Bim.local(xAdv, step);
          NDArray momentum = here.sub(Bim.local(xAdvOld, step));
          NDArray hi = Bim.local(upper, step);
          NDArray lo = Bim.local(lower, step);
          NDArray size = step.create(stepSizes).reshape(n, 1, 1, 1);
          NDArray z =
              here.add(Bim.local(grad, step).sign().mul(size)).minimum(hi).maximum(lo).clip(0f, 1f);
          float a = i > 0 ? MOMENTUM : 1f;
          NDArray next =
              here.add(z.sub(here).mul(a))
                  .add(momentum.mul(1f - a))
                  .minimum(hi)
                  .maximum(lo)
                  .clip(0f, 1f);
          LossGradient g = LossGradient.of(b.model(), next.duplicate(), labels, loss);
          NDArray nextGrad = g.gradient();

          boolean[] wrongNow = wrong(g.predictions(), labels);
          for (int j = 0; j < n; j++) {
            fooled[j] |= wrongNow[j];
          }
          xBestAdv = replace(xBestAdv, wrongNow, next, scope);
          float[] y1 = g.losses();
          lossSteps[i] = y1;
          boolean[] improved = new boolean[n];
          for (int j = 0; j < n; j++) {
            if (y1[j] > lossBest[j]) {
              improved[j] = true;
              lossBest[j] = y1[j];
            }
          }
          xBest = replace(xBest, improved, next, scope);
          gradBest = replace(gradBest, improved, nextGrad, scope);

          sinceCheck++;
          boolean[] halve = new boolean[n];
          if (sinceCheck == k) {
            boolean[] oscillating = oscillating(lossSteps, i, k);
            for (int j = 0; j < n; j++) {
              boolean noImprovement = !reducedLastCheck[j] && lossBestLastCheck[j] >= lossBest[j];
              halve[j] = oscillating[j] || noImprovement;
              if (halve[j]) {
                stepSizes[j] /= 2f;
              }
            }
            reducedLastCheck = halve;
            lossBestLastCheck = lossBest.clone();
            k = Math.max(k - shrink, minimum);
            sinceCheck = 0;
          }
          NDArray nextX = anyTrue(halve) ? where(halve, Bim.local(xBest, step), next) : next;
          NDArray nextG =
              anyTrue(halve) ? where(halve, Bim.local(gradBest, step), nextGrad) : nextGrad;
          nextX.attach(scope);
          nextG.attach(scope);
          xAdvOld.close();
          xAdvOld = xAdv;
          xAdv = nextX;
          grad.close();
          grad = nextG;
        }
      }
      NDArray result = where(fooled, xBestAdv, xBest);
      result.attach(batch);
      return new Run(result, fooled, lossBest);
    }
  }

  /**
   * Per image, uniform noise in [-1, 1] scaled so that its largest pixel is epsilon: a point on the
   * ball's surface, as the reference starts.
   */
  private float[] surfaceStart(ImageBatch images, double epsilon, int restart) {
    float[] t =
        RandomStarts.uniform(images, spec.iterations().seed(), SALT, restart, epsilon, u -> u);
    int per = images.channels() * images.height() * images.width();
    float eps = (float) epsilon;
    for (int i = 0; i < images.count(); i++) {
      float max = 0;
      for (int p = i * per; p < (i + 1) * per; p++) {
        max = Math.max(max, Math.abs(t[p]));
      }
      for (int p = i * per; p < (i + 1) * per; p++) {
        t[p] = eps * (t[p] / (max + 1e-12f));
      }
    }
    return t;
  }

  /**
   * The reference's oscillation test at step {@code j}: per image, did the loss rise in at most 75%
   * of the last {@code k} steps. Like the reference, the step before the first is read from the
   * last row (index -1 in Python), which is still zero then.
   */
  static boolean[] oscillating(float[][] lossSteps, int j, int k) {
    int n = lossSteps[j].length;
    int[] rises = new int[n];
    for (int c = 0; c < k; c++) {
      float[] now = lossSteps[j - c];
      int before = j - c - 1;
      float[] prev = before >= 0 ? lossSteps[before] : lossSteps[lossSteps.length - 1];
      for (int i = 0; i < n; i++) {
        float p = prev == null ? 0f : prev[i];
        if (now[i] > p) {
          rises[i]++;
        }
      }
    }
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = rises[i] <= k * RHO;
    }
    return out;
  }

  /** {@code current} with the images of {@code mask} taken from {@code from}, on {@code scope}. */
  private static NDArray replace(NDArray current, boolean[] mask, NDArray from, NDManager scope) {
    if (!anyTrue(mask)) {
      return current;
    }
    NDArray merged = where(mask, from, current);
    merged.attach(scope);
    current.close();
    return merged;
  }

  /** Per image, {@code a} where {@code mask}, else {@code b}. */
  private static NDArray where(boolean[] mask, NDArray a, NDArray b) {
    return perImage(a.getManager().create(mask), a, b);
  }

  private static boolean[] wrong(long[] predictions, int[] labels) {
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = predictions[i] != labels[i];
    }
    return out;
  }

  private static boolean anyTrue(boolean[] values) {
    for (boolean v : values) {
      if (v) {
        return true;
      }
    }
    return false;
  }

  private static boolean allTrue(boolean[] values) {
    for (boolean v : values) {
      if (!v) {
        return false;
      }
    }
    return true;
  }
}
