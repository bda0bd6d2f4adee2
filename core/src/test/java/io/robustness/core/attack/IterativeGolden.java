package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.testing.GoldenJudge;
import io.robustness.core.testing.GoldenPair;
import io.robustness.core.testing.GoldenRow;
import io.robustness.core.testing.SampleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BIM, and PGD without its random start (the same algorithm), against PyTorch's BIM ({@code
 * golden-bim.csv} from {@code sample-data/generate.py}: 10 steps of 0.25 epsilon), judged by {@link
 * GoldenJudge}. Only epsilon 0 is known to be PyTorch's exact input: every step's gradient signs
 * may differ where float32 kernels differ, and the differences compound over the steps. One test
 * class per sample set ({@link IterativeGoldenFashionMnistTest}, {@link IterativeGoldenMnistTest}),
 * so that each kernel run's two test JVMs share the work.
 */
final class IterativeGolden {

  private static final int BATCH = 100;

  private IterativeGolden() {}

  /** {@code kind}'s outcomes on {@code set}, 10 steps of 0.25 epsilon, against PyTorch's BIM. */
  static void judgeAgainstBim(String set, AttackMode mode, AttackKind kind) throws Exception {
    SampleSet sample = SampleSet.load(set);
    List<GoldenRow> golden =
        GoldenRow.read(
            sample.root().resolve("golden-bim.csv"), mode.name().toLowerCase(Locale.ROOT));
    List<Double> epsilons = golden.stream().map(GoldenRow::epsilon).distinct().toList();
    assertThat(golden).hasSize(sample.size() * epsilons.size());
    AttackSpec spec =
        new AttackSpec(kind, epsilons, mode).withIterations(new Iterations(10, 0.25, false, 1, 0));
    List<ImageOutcome> outcomes = new ArrayList<>();
    try (ModelLease lease =
        ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
      for (int from = 0; from < sample.size(); from += BATCH) {
        outcomes.addAll(
            spec.create()
                .run(lease.model(), sample.batch(from, Math.min(sample.size(), from + BATCH))));
      }
    }
    List<GoldenPair> pairs = new ArrayList<>();
    for (GoldenRow row : golden) {
      ImageOutcome outcome = outcomes.get(sample.images().indexOf(row.image()));
      Score got = outcome.perturbed().get(epsilons.indexOf(row.epsilon())).score();
      pairs.add(GoldenPair.of(row, got, row.epsilon() == 0.0));
    }
    GoldenJudge.judge(set + " " + mode + " " + kind, pairs);
  }
}
