package io.robustness.core.harden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustness.core.image.PixelImage;
import io.robustness.core.model.ModelLoadException;
import io.robustness.core.model.TorchScriptModel;
import io.robustness.core.testing.SampleSet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening in the core: every method lowers its loss, reproduces for a seed, saves TorchScript.
 */
class AdversarialTrainerTest {

  private static SampleSet sample;
  private static LabelledImages images;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    sample = SampleSet.fashionMnist();
    List<PixelImage> pixels = new ArrayList<>();
    for (int i = 0; i < sample.images().size(); i++) {
      pixels.add(sample.pixels(i));
    }
    images = new LabelledImages(pixels, sample.labels());
  }

  private static HardenSpec spec(HardenMethod method, long seed) {
    return new HardenSpec(method, 0.1, 0.5, 1, 64, OptimizerKind.ADAM, 1e-3, seed);
  }

  /** Losses of {@code steps} optimizer steps on one fixed batch. */
  private static List<Double> lossesOnOneBatch(HardenMethod method, long seed, int steps)
      throws ModelLoadException {
    int[] batch = new int[64];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = i * 4 + 1;
    }
    List<Double> losses = new ArrayList<>();
    try (TrainableModel model =
        TrainableModel.load(sample.modelFile(), sample.spec(), Device.cpu())) {
      AdversarialTrainer trainer = new AdversarialTrainer(model, spec(method, seed));
      for (int s = 0; s < steps; s++) {
        losses.add(trainer.step(images, batch));
      }
    }
    return losses;
  }

  @Test
  void everyMethodLowersItsLossOnABatch() throws ModelLoadException {
    for (HardenMethod method : HardenMethod.values()) {
      List<Double> losses = lossesOnOneBatch(method, 1, 8);
      assertThat(losses.get(losses.size() - 1))
          .as(method + " " + losses)
          .isLessThan(losses.get(0) * 0.8);
    }
  }

  @Test
  void aSeededRunReproducesOnCpu() throws ModelLoadException {
    assertThat(lossesOnOneBatch(HardenMethod.FGSM_RANDOM_INIT, 5, 3))
        .isEqualTo(lossesOnOneBatch(HardenMethod.FGSM_RANDOM_INIT, 5, 3));
    assertThat(lossesOnOneBatch(HardenMethod.FGSM_RANDOM_INIT, 6, 3))
        .isNotEqualTo(lossesOnOneBatch(HardenMethod.FGSM_RANDOM_INIT, 5, 3));
  }

  @Test
  void anEpochOfFgsmMixedRaisesFgsmAccuracyAndTheSavedModelLoadsInEvalMode() throws Exception {
    Path saved = dir.resolve("hardened.pt");
    FgsmValidation.Accuracy before =
        FgsmValidation.of(sample.modelFile(), sample.spec(), images, 0.1, 100, Device.cpu());
    try (TrainableModel model =
        TrainableModel.load(sample.modelFile(), sample.spec(), Device.cpu())) {
      AdversarialTrainer trainer =
          new AdversarialTrainer(
              model,
              new HardenSpec(
                  HardenMethod.FGSM_MIXED, 0.1, 0.5, 1, 32, OptimizerKind.ADAM, 1e-3, 3));
      for (int epoch = 0; epoch < 3; epoch++) {
        trainer.epoch(images, null);
      }
      try (OutputStream out = Files.newOutputStream(saved)) {
        model.save(out);
      }
    }
    FgsmValidation.Accuracy after =
        FgsmValidation.of(saved, sample.spec(), images, 0.1, 100, Device.cpu());
    // Trained on these very images: a large gain, which the jobs test measures honestly on held-out
    // images.
    assertThat(after.fgsm()).as(before + " -> " + after).isGreaterThan(before.fgsm() + 0.2);
    try (TorchScriptModel model =
            TorchScriptModel.load(saved, "hardened-test-model", sample.spec(), Device.cpu());
        NDManager manager = model.newBatchManager()) {
      NDArray x =
          manager.create(
              FloatBuffer.wrap(images.pixels(new int[] {0, 1, 2, 3})),
              new ai.djl.ndarray.types.Shape(4, 1, 28, 28));
      // Dropout off in the saved model: two forwards agree exactly.
      assertThat(model.logits(x).toFloatArray()).containsExactly(model.logits(x).toFloatArray());
    }
  }

  /** Made by {@code core/src/test/resources/untrainable/make.py}. */
  private static Path untrainable(String name) {
    return SampleSet.repositoryRoot().resolve("core/src/test/resources/untrainable").resolve(name);
  }

  @Test
  void modelsThatCannotBeTrainedAreRefusedWithTheFix() {
    assertThatThrownBy(
            () -> TrainableModel.load(untrainable("no-parameters.pt"), sample.spec(), Device.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("has no parameters to train");
    assertThatThrownBy(
            () -> TrainableModel.load(untrainable("rounded.pt"), sample.spec(), Device.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("gives its parameters no gradient");
  }

  @Test
  void aFileThatIsNotTorchScriptIsRefusedByName() throws IOException {
    Path bad = Files.writeString(dir.resolve("model.pt"), "not a model");
    assertThatThrownBy(() -> TrainableModel.load(bad, sample.spec(), Device.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("torch.jit.save");
  }
}
