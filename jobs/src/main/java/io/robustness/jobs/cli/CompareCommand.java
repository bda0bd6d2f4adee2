package io.robustness.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustness.jobs.compare.Comparisons;
import io.robustness.jobs.compare.RunComparison;
import io.robustness.jobs.tables.RunRef;
import io.robustness.jobs.tables.TableReader;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness compare --output URI --baseline RUN --candidate RUN [--max-drop 0.02]}: exit 0
 * when no accuracy drop exceeds the threshold, 3 when one does, 2 for usage errors; a scheduler
 * gates on it.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two runs epsilon by epsilon. Exit status: 0 within --max-drop, 3 when an accuracy drop exceeds it,"
          + " 2 for usage errors.",
      "Runs are ids, or latest / previous (succeeded runs by start time)."
    })
final class CompareCommand implements Callable<Integer> {

  @Mixin OutputOption output;

  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "RUN",
      description = "run id, latest or previous")
  String baseline;

  @Option(
      names = "--candidate",
      required = true,
      paramLabel = "RUN",
      description = "run id, latest or previous")
  String candidate;

  @Option(
      names = "--max-drop",
      defaultValue = "0.02",
      description =
          "largest accuracy drop allowed at any epsilon, as a fraction, default: ${DEFAULT-VALUE}")
  double maxDrop;

  /** Classes listed by default; the nightly gate lists as many. */
  static final String TOP_CLASSES = "5";

  @Option(
      names = "--top-classes",
      defaultValue = TOP_CLASSES,
      description = "classes listed, default: ${DEFAULT-VALUE}")
  int topClasses;

  @Option(names = "--format", defaultValue = "table", description = "table or json")
  RowPrinter.Format format;

  @Option(
      names = "--attack",
      paramLabel = "NAME",
      description =
          "compare and gate on this attack only (fgsm, bim, pgd, ..., or worst: the worst case over"
              + " the run's attacks); default: every attack")
  String attack;

  @Override
  public Integer call() throws Exception {
    if (!(maxDrop >= 0 && maxDrop <= 1)) {
      System.err.println(
          "--max-drop " + maxDrop + " must be a fraction in [0,1], like 0.02 for 2 points");
      return ExitCodes.USAGE;
    }
    Gate gate = new Gate(baseline, candidate, maxDrop, topClasses, format, attack);
    return CommandSession.withTables(
        "robustness compare", output, (spark, tables) -> compare(tables, gate));
  }

  /** What to compare and how to report it; {@code attack} null means every attack. */
  record Gate(
      String baseline,
      String candidate,
      double maxDrop,
      int topClasses,
      RowPrinter.Format format,
      String attack) {}

  /** Compares, prints and returns the exit status: 0 passed, 3 a drop too large, 2 usage. */
  static int compare(TableReader tables, Gate gate) throws Exception {
    Comparisons comparisons =
        Comparisons.of(
            tables,
            gate.baseline(),
            gate.candidate(),
            gate.maxDrop(),
            gate.topClasses(),
            gate.attack());
    if (gate.format() == RowPrinter.Format.json) {
      System.out.println(new ObjectMapper().writeValueAsString(Json.of(comparisons)));
    } else {
      print(comparisons, System.out);
    }
    return comparisons.gateFails() ? ExitCodes.REGRESSION : ExitCodes.OK;
  }

  /** The JSON form: the runs, the threshold, the verdict, and each attack's comparison. */
  record Json(
      String baseline,
      String candidate,
      double maxDrop,
      boolean gateFails,
      List<RunComparison> attacks,
      List<String> attacksOnlyInBaseline,
      List<String> attacksOnlyInCandidate) {
    static Json of(Comparisons c) {
      return new Json(
          c.baseline().runId(),
          c.candidate().runId(),
          c.maxDrop(),
          c.gateFails(),
          c.attacks(),
          c.attacksOnlyInBaseline(),
          c.attacksOnlyInCandidate());
    }
  }

  private static void print(Comparisons all, PrintStream out) {
    RunRef base = all.baseline();
    RunRef cand = all.candidate();
    out.printf(
        Locale.ROOT,
        "baseline   %s (started %s)%ncandidate  %s (started %s)%n",
        base.runId(),
        base.startedAt(),
        cand.runId(),
        cand.startedAt());
    for (RunComparison c : all.attacks()) {
      if (all.attacks().size() > 1) {
        out.println("attack " + c.attack() + ":");
      }
      print(c, out);
    }
    if (!all.attacksOnlyInBaseline().isEmpty() || !all.attacksOnlyInCandidate().isEmpty()) {
      out.println(
          "attacks not compared: only in baseline "
              + all.attacksOnlyInBaseline()
              + ", only in candidate "
              + all.attacksOnlyInCandidate());
    }
    out.printf(
        Locale.ROOT,
        "largest accuracy drop %.4f, allowed %.4f: %s%n",
        all.attacks().stream().mapToDouble(RunComparison::largestDrop).max().orElse(0) + 0.0,
        all.maxDrop(),
        all.gateFails() ? "FAILED (exit 3)" : "passed");
  }

  private static void print(RunComparison c, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%9s %9s %9s %10s %10s %10s %10s%n",
        "epsilon",
        "base_acc",
        "cand_acc",
        "delta_acc",
        "base_conf",
        "cand_conf",
        "delta_conf");
    for (RunComparison.EpsilonDelta d : c.epsilons()) {
      out.printf(
          Locale.ROOT,
          "%9.4f %9.4f %9.4f %+10.4f %10.4f %10.4f %+10.4f%s%n",
          d.epsilon(),
          d.baselineAccuracy(),
          d.candidateAccuracy(),
          d.accuracyDelta(),
          d.baselineConfidence(),
          d.candidateConfidence(),
          d.confidenceDelta(),
          c.exceeds(d) ? "  <-" : "");
    }
    if (!c.onlyInBaseline().isEmpty() || !c.onlyInCandidate().isEmpty()) {
      out.println(
          "epsilons not compared: only in baseline "
              + c.onlyInBaseline()
              + ", only in candidate "
              + c.onlyInCandidate());
    }
    List<RunComparison.ClassDrop> drops = c.classDrops();
    out.println("classes with the largest accuracy drops:" + (drops.isEmpty() ? " none" : ""));
    for (RunComparison.ClassDrop d : drops) {
      out.printf(
          Locale.ROOT,
          "  %-20s at epsilon %-6s %.4f -> %.4f (%+.4f)%n",
          d.className(),
          d.epsilon(),
          d.baselineAccuracy(),
          d.candidateAccuracy(),
          -d.drop());
    }
  }
}
