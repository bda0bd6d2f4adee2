package io.robustness.core.scoring;

import io.robustness.core.attack.Attack;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.model.TorchScriptModel;
import java.util.Iterator;
import java.util.List;
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
 * @param attacks run one after the other on every batch
 * @param batchSize images per attack call
 * @param keep epsilons whose adversarial pixels each {@link ScoredImage.Attacked} carries
 * @param readConcurrency threads reading and decoding the next images while a batch is attacked; 0
 *     reads each image on the caller's thread when it is needed
 */
public record ImageScorer(
    List<Attack> attacks,
    ImagePreprocessor preprocessor,
    int batchSize,
    Set<Double> keep,
    int readConcurrency) {

  public ImageScorer {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (readConcurrency < 0) {
      throw new IllegalArgumentException("read concurrency must not be negative");
    }
    attacks = List.copyOf(attacks);
    if (attacks.isEmpty()) {
      throw new IllegalArgumentException("at least one attack is needed");
    }
    keep = Set.copyOf(keep);
    for (Attack attack : attacks) {
      if (!attack.spec().epsilons().containsAll(keep)) {
        throw new IllegalArgumentException(
            "epsilons to keep " + keep + " are not all on the grid " + attack.spec().epsilons());
      }
    }
  }

  /** One attack, read on the caller's thread, keeping no adversarial pixels. */
  public ImageScorer(Attack attack, ImagePreprocessor preprocessor, int batchSize) {
    this(List.of(attack), preprocessor, batchSize, Set.of(), 0);
  }

  /** Several attacks, read on the caller's thread, keeping no adversarial pixels. */
  public ImageScorer(List<Attack> attacks, ImagePreprocessor preprocessor, int batchSize) {
    this(attacks, preprocessor, batchSize, Set.of(), 0);
  }

  /** The same scorer, keeping the adversarial pixels at {@code epsilons}. */
  public ImageScorer keeping(Set<Double> epsilons) {
    return new ImageScorer(attacks, preprocessor, batchSize, epsilons, readConcurrency);
  }

  /** The same scorer, reading ahead with {@code threads} threads. */
  public ImageScorer readingAhead(int threads) {
    return new ImageScorer(attacks, preprocessor, batchSize, keep, threads);
  }

  /** Results in the order images finish: failures as met, scored images batch by batch. */
  public <T> ScoredImages<T> score(TorchScriptModel model, Iterator<ImageInput<T>> inputs) {
    return new ScoringIterator<>(this, model, inputs);
  }
}
