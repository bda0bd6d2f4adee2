package io.robustness.jobs.tables;

import java.util.List;

/** Table names, which are folder names under the output root and view names for queries. */
public final class Tables {

  public static final String RUNS = "runs";
  public static final String SAMPLES = "samples";
  public static final String CURVES = "curves";
  public static final String CLASS_CURVES = "class_curves";
  public static final String CONFIDENCE_CURVES = "confidence_curves";
  public static final String FLIPS = "flips";
  public static final String ERRORS = "errors";

  /** A few images per run, rendered at every epsilon, for the report. */
  public static final String EXAMPLES = "examples";

  /** One row per attack: the numbers a dashboard shows. */
  public static final String SUMMARIES = "summaries";

  /**
   * The attack-failure checks: one row per attack and check (and epsilon, where the check is per
   * epsilon), its value, threshold and verdict.
   */
  public static final String CHECKS = "checks";

  /**
   * Every image's adversarial copy at the epsilons {@code robustness.output.adversarial.epsilons}
   * names (empty when it names none), as PNG: training data for hardened models.
   */
  public static final String ADVERSARIAL_EXAMPLES = "adversarial_examples";

  /**
   * One row per epoch of a {@code robustness harden} run (its run_id is the harden run's): not an
   * audit table, so not in {@link #ALL}.
   */
  public static final String TRAINING = "training";

  /**
   * One row per attempt at a run, whatever became of it (succeeded, failed, interrupted, abandoned
   * by a dead driver, taken over): appended, one file per attempt, never replaced.
   */
  public static final String ATTEMPTS = "attempts";

  /** Every per-run table but {@code runs}, which is written last, as the commit. */
  public static final List<String> DATA_TABLES =
      List.of(
          SAMPLES,
          CURVES,
          CLASS_CURVES,
          CONFIDENCE_CURVES,
          FLIPS,
          ERRORS,
          EXAMPLES,
          SUMMARIES,
          CHECKS,
          ADVERSARIAL_EXAMPLES);

  /** All tables, {@code runs} first. */
  public static final List<String> ALL =
      List.of(
          RUNS,
          SAMPLES,
          CURVES,
          CLASS_CURVES,
          CONFIDENCE_CURVES,
          FLIPS,
          ERRORS,
          EXAMPLES,
          SUMMARIES,
          CHECKS,
          ADVERSARIAL_EXAMPLES,
          ATTEMPTS);

  /** Every table a run id can have rows in, the hardening's too: what retention removes. */
  public static final List<String> RETAINED =
      java.util.stream.Stream.concat(ALL.stream(), java.util.stream.Stream.of(TRAINING)).toList();

  /** The partition column of every table. */
  public static final String RUN_ID = "run_id";

  /** The folder under the output root where runs' reports go by default. */
  public static final String REPORTS = "reports";

  static String reportFileName(String runId) {
    return runId + ".html";
  }

  /** {@code <output>/reports/<run_id>.html}: where a run's report goes by default. */
  public static String defaultReportUri(String outputUri, String runId) {
    return outputUri.replaceFirst("/*$", "") + "/" + REPORTS + "/" + reportFileName(runId);
  }

  private Tables() {}
}
