package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.InputGeometry;
import io.robustness.core.image.Interpolation;
import io.robustness.core.image.PixelImage;
import io.robustness.core.image.ResizeRounding;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.testing.GoldenTest;
import io.robustness.core.testing.SampleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Per-image FGSM agreement with the classic pipeline on PIL images ({@code
 * Image.open().convert("L")}, {@code Resize(36)}, {@code CenterCrop(28)}, {@code ToTensor()}) over
 * 300 Fashion-MNIST sample images reshaped to twelve sizes, most of them upscaled ({@code
 * golden-fgsm-mixed.csv} from {@code sample-data/generate.py --resize-only}). With {@code
 * resize-rounding = pil} the inputs are PIL's to the level, and at least 99% of the adversarial
 * predictions must agree at every epsilon; {@code float} is printed beside it, as the setting a
 * float-tensor pipeline would pick.
 */
@GoldenTest
class MixedSizeAgreementTest {

  private static final Path DIR =
      SampleSet.repositoryRoot().resolve("sample-data/preprocess/resize");

  private record Golden(String image, int label, double epsilon, int prediction) {}

  @Test
  void pilRoundingAgreesWithThePilPipelineOnAtLeast99PercentAtEveryEpsilon() throws Exception {
    List<Golden> golden = new ArrayList<>();
    for (String line : Files.readAllLines(DIR.resolve("golden-fgsm-mixed.csv")).subList(1, 1801)) {
      String[] f = line.strip().split(",");
      golden.add(
          new Golden(
              f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Integer.parseInt(f[3])));
    }
    Map<Double, Double> pil = agreement(golden, ResizeRounding.PIL);
    Map<Double, Double> floats = agreement(golden, ResizeRounding.FLOAT);
    for (double eps : pil.keySet()) {
      System.out.printf(
          Locale.ROOT,
          "mixed sizes, Resize(36) + CenterCrop(28), FGSM eps %.3f: per-image agreement with"
              + " PIL's pipeline: pil %.1f%%, float %.1f%%%n",
          eps,
          100 * pil.get(eps),
          100 * floats.get(eps));
    }
    assertThat(pil).hasSize(6);
    assertThat(pil.values()).allSatisfy(a -> assertThat(a).isGreaterThanOrEqualTo(0.99));
  }

  /** Share of images whose FGSM prediction equals PyTorch's, per epsilon. */
  private static Map<Double, Double> agreement(List<Golden> golden, ResizeRounding rounding)
      throws Exception {
    SampleSet fashion = SampleSet.fashionMnist();
    InputGeometry geometry = new InputGeometry(36, true, Interpolation.BILINEAR, rounding);
    ModelSpec spec =
        new ModelSpec(1, 28, 28, List.of(), List.of(), fashion.spec().classes(), geometry);
    ImagePreprocessor prep = spec.preprocessor(1L << 26);
    Map<String, Integer> labels = new LinkedHashMap<>();
    golden.forEach(g -> labels.put(g.image(), g.label()));
    List<String> images = new ArrayList<>(labels.keySet());
    List<PixelImage> pixels = new ArrayList<>();
    for (String image : images) {
      pixels.add(prep.prepare(image, Files.readAllBytes(DIR.resolve("mixed").resolve(image))));
    }
    List<Double> epsilons = golden.stream().map(Golden::epsilon).distinct().toList();
    AttackSpec attack = new AttackSpec(AttackKind.FGSM, epsilons, AttackMode.UNTARGETED);
    List<ImageOutcome> outcomes = new ArrayList<>();
    try (ModelLease lease = ModelCache.shared().acquire(fashion.modelFile(), spec, Device.cpu())) {
      for (int from = 0; from < images.size(); from += 100) {
        int to = Math.min(images.size(), from + 100);
        int[] batchLabels = new int[to - from];
        for (int i = from; i < to; i++) {
          batchLabels[i - from] = labels.get(images.get(i));
        }
        outcomes.addAll(
            attack
                .create()
                .run(lease.model(), ImageBatch.of(pixels.subList(from, to), batchLabels, null)));
      }
    }
    Map<Double, int[]> counts = new TreeMap<>();
    for (Golden g : golden) {
      ImageOutcome outcome = outcomes.get(images.indexOf(g.image()));
      int got = outcome.perturbed().get(epsilons.indexOf(g.epsilon())).score().prediction();
      int[] c = counts.computeIfAbsent(g.epsilon(), e -> new int[2]);
      c[0] += got == g.prediction() ? 1 : 0;
      c[1]++;
    }
    Map<Double, Double> out = new TreeMap<>();
    counts.forEach((eps, c) -> out.put(eps, (double) c[0] / c[1]));
    return out;
  }
}
