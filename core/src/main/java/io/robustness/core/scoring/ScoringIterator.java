package io.robustness.core.scoring;

import io.robustness.core.attack.AttackResult;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.image.ImageDecodeException;
import io.robustness.core.image.PixelImage;
import io.robustness.core.model.TorchScriptModel;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The lazy loop behind {@link ImageScorer#score}: fill a batch, attack it, hand out results. */
final class ScoringIterator<T> implements Iterator<ScoredImage<T>> {

  private final ImageScorer scorer;
  private final TorchScriptModel model;
  private final Iterator<ImageInput<T>> inputs;
  private final ArrayDeque<ScoredImage<T>> ready = new ArrayDeque<>();

  ScoringIterator(ImageScorer scorer, TorchScriptModel model, Iterator<ImageInput<T>> inputs) {
    this.scorer = scorer;
    this.model = model;
    this.inputs = inputs;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && inputs.hasNext()) {
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

  private void nextBatch() {
    List<ImageInput<T>> batchInputs = new ArrayList<>();
    List<PixelImage> pixels = new ArrayList<>();
    while (inputs.hasNext() && pixels.size() < scorer.batchSize()) {
      ImageInput<T> input = inputs.next();
      PixelImage image = load(input);
      if (image != null) {
        batchInputs.add(input);
        pixels.add(image);
      }
    }
    if (!pixels.isEmpty()) {
      attack(batchInputs, pixels);
    }
  }

  private void attack(List<ImageInput<T>> batchInputs, List<PixelImage> pixels) {
    int[] labels = batchInputs.stream().mapToInt(ImageInput::label).toArray();
    int[] targets = batchInputs.stream().mapToInt(ImageInput::target).toArray();
    AttackResult result =
        scorer.attack().run(model, ImageBatch.of(pixels, labels, targets), scorer.keep());
    for (int i = 0; i < batchInputs.size(); i++) {
      Map<Double, PixelImage> adversarial = new HashMap<>();
      for (double eps : scorer.keep()) {
        adversarial.put(eps, result.adversarial(i, eps));
      }
      ready.add(
          new ScoredImage.Scored<>(
              batchInputs.get(i).item(), result.outcomes().get(i), pixels.get(i), adversarial));
    }
  }

  /** The image's pixels, or null after queueing its failure. */
  private PixelImage load(ImageInput<T> input) {
    try {
      return input.pixels().load(scorer.preprocessor());
    } catch (IOException e) {
      ready.add(
          new ScoredImage.Failed<>(
              input.item(),
              ScoredImage.Stage.READ,
              e.getClass().getSimpleName(),
              String.valueOf(e.getMessage())));
    } catch (ImageDecodeException e) {
      ready.add(
          new ScoredImage.Failed<>(
              input.item(), ScoredImage.Stage.DECODE, e.reason().name(), e.getMessage()));
    }
    return null;
  }
}
