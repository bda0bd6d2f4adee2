package io.robustness.jobs.audit;

import io.robustness.core.attack.Attack;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.model.ModelSpec;
import io.robustness.core.scoring.ImageScorer;
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
 * @param readConcurrency threads per task reading images ahead of the attack (0: none)
 * @param intraOpThreads PyTorch intra-op threads for executor JVMs, already resolved (never 0)
 * @param hadoop robustness.hadoop settings, laid over the executor's Hadoop configuration; may hold
 *     credentials, so {@link #toString} hides secret values
 */
public record ScoringPlan(
    String modelUri,
    String modelSha256,
    ModelSpec spec,
    List<AttackSpec> attacks,
    int batchSize,
    long maxPixels,
    int readConcurrency,
    int intraOpThreads,
    Map<String, String> hadoop,
    List<Double> exportEpsilons)
    implements Serializable {

  public ScoringPlan {
    attacks = List.copyOf(attacks);
    exportEpsilons = List.copyOf(exportEpsilons);
    hadoop = Map.copyOf(hadoop);
  }

  /** The core's scoring path for this plan: every attack on every batch. */
  ImageScorer scorer() {
    List<Attack> all = attacks.stream().map(AttackSpec::create).toList();
    return new ImageScorer(all, spec.preprocessor(maxPixels), batchSize)
        .readingAhead(readConcurrency)
        .keeping(new java.util.HashSet<>(exportEpsilons));
  }

  /** The epsilon grid, the same for every attack. */
  List<Double> epsilons() {
    return attacks.get(0).epsilons();
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
        + ", attacks="
        + attacks
        + ", batchSize="
        + batchSize
        + ", maxPixels="
        + maxPixels
        + ", readConcurrency="
        + readConcurrency
        + ", intraOpThreads="
        + intraOpThreads
        + ", hadoop="
        + shown
        + "]";
  }
}
