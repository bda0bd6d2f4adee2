package io.robustness.core.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.robustness.core.model.ModelCache;
import io.robustness.core.model.ModelLease;
import io.robustness.core.model.TorchScriptModel;
import io.robustness.core.testing.SampleSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The model passes a batch really takes, counted by the model, against the cost each kind declares
 * (which the benchmark prints): epsilon 0 is scored by the gradient pass and costs no forward.
 */
class AttackPassesTest {

  private static final List<Double> GRID = List.of(0.0, 0.05, 0.1, 0.3);

  private static ModelLease lease;
  private static ImageBatch batch;

  @BeforeAll
  static void load() throws Exception {
    SampleSet sample = SampleSet.fashionMnist();
    lease = ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu());
    batch = sample.batch(0, 16);
  }

  @AfterAll
  static void release() {
    lease.close();
  }

  private static TorchScriptModel.Passes run(AttackSpec spec) {
    TorchScriptModel model = lease.model();
    TorchScriptModel.Passes before = model.passes();
    spec.create().run(model, batch);
    return model.passes().since(before);
  }

  @ParameterizedTest
  @EnumSource(AttackKind.class)
  void eachKindRunsThePassesItDeclares(AttackKind kind) {
    AttackSpec spec =
        kind.shape(
            new AttackSpec(kind, GRID, AttackMode.UNTARGETED)
                .withIterations(new Iterations(3, 0.25, true, 2, 7)));
    AttackShape.Cost declared = kind.cost(spec);
    TorchScriptModel.Passes ran = run(spec);
    assertThat(ran.inference()).isEqualTo(declared.forward());
    if (kind == AttackKind.APGD_CE || kind == AttackKind.APGD_DLR) {
      // its restarts stop once every image is fooled: the declared cost is the most it takes
      assertThat(ran.gradient()).isBetween(1L, (long) declared.forwardBackward());
    } else {
      assertThat(ran.gradient()).isEqualTo(declared.forwardBackward());
    }
  }

  @Test
  void pgdFromTheImageItselfStartsFromTheCleanGradientAsBimDoes() {
    AttackSpec spec =
        new AttackSpec(AttackKind.PGD, GRID, AttackMode.UNTARGETED)
            .withIterations(new Iterations(3, 0.25, false, 1, 7));
    AttackShape.Cost declared = AttackKind.PGD.cost(spec);
    assertThat(run(spec))
        .isEqualTo(new TorchScriptModel.Passes(declared.forwardBackward(), declared.forward()))
        .isEqualTo(new TorchScriptModel.Passes(1 + 3 * 2, 3));
  }

  @Test
  void epsilonZeroAloneCostsTheGradientPassOnlyAndScoresAsTheCleanPrediction() {
    AttackSpec spec = new AttackSpec(AttackKind.FGSM, List.of(0.0), AttackMode.UNTARGETED);
    assertThat(run(spec)).isEqualTo(new TorchScriptModel.Passes(1, 0));
    for (ImageOutcome outcome : spec.create().run(lease.model(), batch)) {
      EpsilonScore zero = outcome.perturbed().get(0);
      assertThat(zero.score()).isEqualTo(outcome.clean());
      assertThat(zero.linf()).isZero();
    }
  }
}
