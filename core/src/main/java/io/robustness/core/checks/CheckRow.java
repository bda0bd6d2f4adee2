package io.robustness.core.checks;

import java.io.Serializable;

/**
 * One row of the {@code checks} table (without its run id).
 *
 * @param epsilon the epsilon it was measured at, or null for a check of the whole attack
 */
public record CheckRow(
    String attack, Double epsilon, String check, double value, double threshold, Verdict verdict)
    implements Serializable {

  public boolean failed() {
    return verdict == Verdict.FAIL;
  }
}
