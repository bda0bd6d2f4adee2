package io.robustness.jobs.audit;

import io.robustness.core.attack.AttackMode;
import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.config.Secrets;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an executor needs to score a partition: small, immutable and serializable, unlike the
 * settings.
 *
 * @param modelSha256 content hash established by the driver's dry run; executors check their copy
 *     against it
 * @param intraOpThreads PyTorch intra-op threads for executor JVMs, already resolved (never 0)
 * @param hadoop robustness.hadoop settings, laid over the executor's Hadoop configuration; may hold
 *     credentials, so {@link #toString} hides secret values
 */
public record ScoringPlan(
    String modelUri,
    String modelSha256,
    ModelSpec spec,
    List<Double> epsilons,
    AttackMode mode,
    int batchSize,
    long maxPixels,
    int intraOpThreads,
    Map<String, String> hadoop)
    implements Serializable {

  public ScoringPlan {
    epsilons = List.copyOf(epsilons);
    hadoop = Map.copyOf(hadoop);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    hadoop.forEach((k, v) -> shown.put(k, Secrets.shown(k, v)));
    return "ScoringPlan[modelUri="
        + Secrets.stripUserInfo(modelUri)
        + ", modelSha256="
        + modelSha256
        + ", spec="
        + spec
        + ", epsilons="
        + epsilons
        + ", mode="
        + mode
        + ", batchSize="
        + batchSize
        + ", maxPixels="
        + maxPixels
        + ", intraOpThreads="
        + intraOpThreads
        + ", hadoop="
        + shown
        + "]";
  }
}
