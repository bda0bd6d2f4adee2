package io.robustness.core.checks;

import java.util.Locale;

/** A check's outcome, as the {@code checks} table spells it. */
public enum Verdict {
  PASS,
  FAIL,
  /** The check does not apply to this run as configured (for example, no large epsilon). */
  SKIPPED;

  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
