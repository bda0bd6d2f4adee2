package io.robustness.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.Fgsm;
import io.robustness.core.testing.SampleSet;
import java.util.List;

/**
 * Run in a child JVM by {@link OfflineEngineTest}: starts the engine, loads a model and attacks one
 * batch.
 */
public final class OfflineProbe {

  private OfflineProbe() {}

  public static void main(String[] args) throws Exception {
    Engine engine = PyTorchRuntime.engine();
    SampleSet sample = SampleSet.fashionMnist();
    try (ModelLease lease =
        ModelCache.shared().acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
      int scored =
          new Fgsm(List.of(0.0, 0.1), AttackMode.UNTARGETED)
              .run(lease.model(), sample.batch(0, 8))
              .size();
      System.out.println(
          "engine="
              + engine.getEngineName()
              + " version="
              + engine.getVersion()
              + " scored="
              + scored);
    }
  }
}
