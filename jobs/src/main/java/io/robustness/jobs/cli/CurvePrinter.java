package io.robustness.jobs.cli;

import io.robustness.core.checks.CheckRow;
import io.robustness.core.checks.Verdict;
import io.robustness.core.metrics.CurvePoint;
import io.robustness.jobs.audit.AuditResult;
import io.robustness.jobs.tables.RunRecord;
import io.robustness.jobs.tables.Tables;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The end of an audit on the console: the run's counts, its curve as a table, and where the tables
 * are.
 */
final class CurvePrinter {

  private CurvePrinter() {}

  private static void printCurve(PrintStream out, List<CurvePoint> curve) {
    out.printf(
        Locale.ROOT,
        "%8s %8s %9s %9s %10s %10s %14s%n",
        "epsilon",
        "images",
        "accuracy",
        "top5_acc",
        "mean_conf",
        "true_prob",
        "attack_success");
    for (CurvePoint p : curve) {
      out.printf(
          Locale.ROOT,
          "%8.4f %8d %9.4f %9.4f %10.4f %10.4f %14s%n",
          p.epsilon(),
          p.images(),
          p.accuracy(),
          p.top5Accuracy(),
          p.meanConfidence(),
          p.meanTrueClassProb(),
          Double.isNaN(p.attackSuccessRate())
              ? "n/a"
              : String.format(Locale.ROOT, "%.4f", p.attackSuccessRate()));
    }
  }

  /** One line for the checks, then one per failed check: a failed attack must not go unseen. */
  private static void printChecks(PrintStream out, List<CheckRow> checks) {
    List<CheckRow> failed = checks.stream().filter(CheckRow::failed).toList();
    out.printf(
        Locale.ROOT,
        "checks: %d passed, %d failed, %d skipped (table checks)%n",
        checks.stream().filter(c -> c.verdict() == Verdict.PASS).count(),
        failed.size(),
        checks.stream().filter(c -> c.verdict() == Verdict.SKIPPED).count());
    for (CheckRow c : failed) {
      out.printf(
          Locale.ROOT,
          "  FAILED %s, %s%s: %.4f above %.4f%n",
          c.check(),
          c.attack(),
          c.epsilon() == null ? "" : " at epsilon " + c.epsilon(),
          c.value(),
          c.threshold());
    }
  }

  static void print(PrintStream out, AuditResult result) {
    RunRecord run = result.run();
    out.printf(
        Locale.ROOT,
        "%nrun %s %s: %d images scored, %d failed, %d skipped %s%n",
        run.runId(),
        run.status(),
        run.imagesScored(),
        run.imagesFailed(),
        run.imagesSkipped(),
        result.skipped().isEmpty() ? "" : result.skipped().toString());
    result
        .curves()
        .forEach(
            (attack, curve) -> {
              if (result.curves().size() > 1) {
                out.println("attack " + attack + ":");
              }
              printCurve(out, curve);
            });
    printChecks(out, result.checks());
    AuditResult.Timings t = result.timings();
    out.printf(
        Locale.ROOT,
        "timings: first scoring task %.1f s after the process started; scoring %.1f s"
            + " (%,.0f image-epsilons/s); peak resident memory %,d MB%s%n",
        t.secondsToFirstScoring(),
        t.scoringSeconds(),
        t.imageEpsilonsPerSecond(),
        t.peakResidentMb(),
        partitions(t.warmUp()));
    out.println(
        "tables under "
            + result.outputRoot()
            + ": "
            + String.join(", ", Tables.ALL)
            + " (partition run_id="
            + run.runId()
            + ")");
    if (result.reportUri() != null) {
      out.println("report: " + result.reportUri());
    } else if (result.reportProblem() != null) {
      out.println("report not written: " + result.reportProblem());
    }
  }

  /**
   * An executor's first partition beside the others': what each executor's start-up (model load,
   * libtorch's and the JIT's warm-up) costs its first task.
   */
  static String partitions(AuditResult.WarmUp w) {
    if (w.executors() == 0) {
      return "";
    }
    String executors = w.executors() == 1 ? "1 executor" : w.executors() + " executors";
    return String.format(
        Locale.ROOT,
        "; partitions: first on each executor %.1f s (%s), later ones %s",
        w.firstSeconds(),
        executors,
        Double.isNaN(w.laterSeconds())
            ? "none"
            : String.format(Locale.ROOT, "%.1f s (median)", w.laterSeconds()));
  }
}
