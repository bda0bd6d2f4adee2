package io.robustness.jobs.dataset;

import java.io.Serializable;

/**
 * What the attack aims at, as a dataset's items carry it.
 *
 * @param targeted whether the run is targeted
 * @param targetClass the run's target class index (or the least-likely marker); -1 when none is
 *     set, which a targeted manifest's own target column must then fill
 */
public record Targets(boolean targeted, int targetClass) implements Serializable {

  /** An untargeted run. */
  public static final Targets NONE = new Targets(false, -1);

  /** The target every item gets unless the data names its own: -1 when untargeted. */
  public int fixed() {
    return targeted ? targetClass : -1;
  }
}
