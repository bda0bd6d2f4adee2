package io.robustness.core.scoring;

import io.robustness.core.attack.Attack;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.model.TorchScriptModel;
import java.util.Iterator;
import java.util.Set;

/**
 * Decodes, batches and attacks a stream of images: the one scoring path of the product. Results
 * come lazily, one batch at a time, so a stream of any length needs memory for one batch.
 *
 * <pre>{@code
 * ImageScorer scorer = new ImageScorer(attack, preprocessor, 64);
 * Iterator<ScoredImage<String>> results = scorer.score(model, inputs);
 * }</pre>
 *
 * @param batchSize images per attack call
 * @param keep epsilons whose adversarial pixels each {@link ScoredImage.Scored} carries
 */
public record ImageScorer(
    Attack attack, ImagePreprocessor preprocessor, int batchSize, Set<Double> keep) {

  public ImageScorer {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    keep = Set.copyOf(keep);
    if (!attack.spec().epsilons().containsAll(keep)) {
      throw new IllegalArgumentException(
          "epsilons to keep " + keep + " are not all on the grid " + attack.spec().epsilons());
    }
  }

  public ImageScorer(Attack attack, ImagePreprocessor preprocessor, int batchSize) {
    this(attack, preprocessor, batchSize, Set.of());
  }

  /** The same scorer, keeping the adversarial pixels at {@code epsilons}. */
  public ImageScorer keeping(Set<Double> epsilons) {
    return new ImageScorer(attack, preprocessor, batchSize, epsilons);
  }

  /** Results in the order images finish: failures as met, scored images batch by batch. */
  public <T> Iterator<ScoredImage<T>> score(
      TorchScriptModel model, Iterator<ImageInput<T>> inputs) {
    return new ScoringIterator<>(this, model, inputs);
  }
}
