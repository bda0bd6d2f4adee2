package io.robustness.core.harden;

import ai.djl.Device;
import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.model.ModelLoadException;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.model.TorchScriptModel;
import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.ImageScorer;
import io.robustness.core.scoring.PixelSource;
import io.robustness.core.scoring.ScoredImage;
import io.robustness.core.scoring.ScoredImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Clean and FGSM accuracy of a saved model on held-out images, through the audit's own scoring path
 * (the saved TorchScript file loaded as the audit loads it, the same FGSM): what an audit of the
 * hardened model would report on these images.
 */
public final class FgsmValidation {

  /** Accuracy without attack and under FGSM at the hardening epsilon. */
  public record Accuracy(double clean, double fgsm) {}

  private FgsmValidation() {}

  public static Accuracy of(
      Path modelFile,
      ModelSpec spec,
      LabelledImages images,
      double epsilon,
      int batchSize,
      Device device)
      throws ModelLoadException {
    List<Double> grid = epsilon == 0 ? List.of(0.0) : List.of(0.0, epsilon);
    ImageScorer scorer =
        new ImageScorer(
            new AttackSpec(AttackKind.FGSM, grid, AttackMode.UNTARGETED).create(),
            new ImagePreprocessor(spec.channels(), spec.height(), spec.width(), Long.MAX_VALUE),
            batchSize);
    List<ImageInput<Integer>> inputs = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      inputs.add(
          new ImageInput<>(
              i,
              "validation-" + i,
              images.labels()[i],
              -1,
              PixelSource.decoded(images.images().get(i))));
    }
    long clean = 0;
    long attacked = 0;
    try (TorchScriptModel model =
            TorchScriptModel.load(modelFile, "validation-of-hardening", spec, device);
        ScoredImages<Integer> results = scorer.score(model, inputs.iterator())) {
      while (results.hasNext()) {
        ScoredImage<Integer> result = results.next();
        if (!(result instanceof ScoredImage.Scored<Integer> scored)) {
          throw new IllegalStateException("a validation image failed: " + result);
        }
        var outcome = scored.outcome();
        Map<Double, EpsilonScore> byEpsilon = new java.util.HashMap<>();
        outcome.perturbed().forEach(s -> byEpsilon.put(s.epsilon(), s));
        clean += byEpsilon.get(0.0).score().correct(outcome.label()) ? 1 : 0;
        attacked += byEpsilon.get(epsilon).score().correct(outcome.label()) ? 1 : 0;
      }
    }
    return new Accuracy((double) clean / images.size(), (double) attacked / images.size());
  }
}
