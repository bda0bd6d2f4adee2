package io.robustness.core.scoring;

import io.robustness.core.attack.Attack;
import io.robustness.core.attack.AttackResult;
import io.robustness.core.attack.Cancellation;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.image.PixelImage;
import io.robustness.core.model.TorchScriptModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The lazy loop behind {@link ImageScorer#score}: fill a batch, attack it, hand out results. */
final class ScoringIterator<T> implements ScoredImages<T> {

  private final ImageScorer scorer;
  private final TorchScriptModel model;
  private final ImageLoader<T> loader;
  private final ArrayDeque<ScoredImage<T>> ready = new ArrayDeque<>();

  ScoringIterator(ImageScorer scorer, TorchScriptModel model, Iterator<ImageInput<T>> inputs) {
    this.scorer = scorer;
    this.model = model;
    // Two batches ahead: the next one is read while this one is attacked.
    this.loader =
        new ImageLoader<>(
            inputs, scorer.preprocessor(), scorer.readConcurrency(), 2 * scorer.batchSize());
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && loader.hasNext()) {
      nextBatch();
    }
    return !ready.isEmpty();
  }

  @Override
  public ScoredImage<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  @Override
  public void close() {
    loader.close();
  }

  private void nextBatch() {
    Cancellation.throwIfInterrupted("scoring");
    List<ImageInput<T>> batchInputs = new ArrayList<>();
    List<PixelImage> pixels = new ArrayList<>();
    while (loader.hasNext() && pixels.size() < scorer.batchSize()) {
      ImageLoader.Loaded<T> loaded = loader.next();
      if (loaded.failure() != null) {
        ready.add(loaded.failure());
      } else {
        batchInputs.add(loaded.input());
        pixels.add(loaded.pixels());
      }
    }
    if (!pixels.isEmpty()) {
      attack(batchInputs, pixels);
    }
  }

  private void attack(List<ImageInput<T>> batchInputs, List<PixelImage> pixels) {
    int[] labels = batchInputs.stream().mapToInt(ImageInput::label).toArray();
    int[] targets = batchInputs.stream().mapToInt(ImageInput::target).toArray();
    long[] keys = batchInputs.stream().mapToLong(ImageInput::key).toArray();
    ImageBatch batch = ImageBatch.of(pixels, labels, targets, keys);
    List<List<ScoredImage.Attacked>> perImage = new ArrayList<>();
    batchInputs.forEach(input -> perImage.add(new ArrayList<>()));
    for (Attack attack : scorer.attacks()) {
      AttackResult result = attack.run(model, batch, scorer.keep());
      for (int i = 0; i < batchInputs.size(); i++) {
        Map<Double, PixelImage> adversarial = new HashMap<>();
        for (double eps : scorer.keep()) {
          adversarial.put(eps, result.adversarial(i, eps));
        }
        perImage
            .get(i)
            .add(new ScoredImage.Attacked(attack.spec(), result.outcomes().get(i), adversarial));
      }
    }
    for (int i = 0; i < batchInputs.size(); i++) {
      ready.add(
          new ScoredImage.Scored<>(batchInputs.get(i).item(), pixels.get(i), perImage.get(i)));
    }
  }
}
