package io.robustness.jobs.audit;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.model.ModelSpec;
import java.io.Serializable;
import java.util.List;

/**
 * What an executor needs to score a partition: small, immutable and serializable, unlike the
 * settings.
 *
 * @param modelSha256 content hash established by the driver's dry run; executors check their copy
 *     against it
 * @param intraOpThreads PyTorch intra-op threads for executor JVMs, already resolved (never 0)
 */
public record ScoringPlan(
    String modelUri,
    String modelSha256,
    ModelSpec spec,
    List<Double> epsilons,
    AttackMode mode,
    int batchSize,
    long maxPixels,
    int intraOpThreads)
    implements Serializable {

  public ScoringPlan {
    epsilons = List.copyOf(epsilons);
  }
}
