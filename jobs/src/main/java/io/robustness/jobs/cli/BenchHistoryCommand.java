package io.robustness.jobs.cli;

import io.robustness.jobs.tables.NightlyHistory;
import io.robustness.jobs.tables.RunRef;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness bench-history}: a year of nightly runs in one output, then how long the
 * commands that read them take.
 */
@Command(
    name = "bench-history",
    mixinStandardHelpOptions = true,
    description = {
      "Copy a committed run into --nights earlier runs, one day apart, in the same output and format"
          + " (a benchmark fixture, not an audit), then time latest/previous resolution, query,"
          + " compare and report (its history chart) over all of them, each twice."
    })
final class BenchHistoryCommand implements Callable<Integer> {

  @Mixin OutputOption output;

  @Option(names = "--nights", defaultValue = "365", description = "default ${DEFAULT-VALUE}")
  int nights;

  @Option(
      names = "--from",
      defaultValue = "latest",
      description = "the run to copy, default ${DEFAULT-VALUE}")
  String from;

  @Override
  public Integer call() throws Exception {
    return CommandSession.withTables(
        "robustness bench-history",
        output,
        (spark, tables) -> {
          RunRef source = RunRef.resolve(from, tables.runs());
          long start = System.nanoTime();
          List<String> written = NightlyHistory.write(spark, tables, source.runId(), nights);
          System.out.printf(
              Locale.ROOT,
              "wrote %d nights before run %s in %s: %.1f s%n",
              written.size(),
              source.runId(),
              tables.describe(),
              seconds(start));
          Path page = Files.createTempFile("bench-history", ".html");
          String latest = "latest";
          for (int round = 1; round <= 2; round++) {
            long t = System.nanoTime();
            RunRef newest = RunRef.resolve(latest, tables.runs());
            RunRef previous = RunRef.resolve("previous", tables.runs());
            report(round, "latest/previous", t, newest.runId() + ", " + previous.runId());
            time(
                round,
                "query",
                "query",
                "SELECT epsilon, accuracy FROM curves WHERE run_id = '"
                    + newest.runId()
                    + "' ORDER BY epsilon");
            time(round, "compare", "compare", "--baseline", "previous", "--candidate", latest);
            time(round, "report", "report", "--run", latest, "--out", page.toString());
          }
          Files.deleteIfExists(page);
          return ExitCodes.OK;
        });
  }

  /** Runs a command in this JVM and session, its own output discarded; prints its time. */
  private void time(int round, String name, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(output.asArguments());
    PrintStream out = System.out;
    long start = System.nanoTime();
    int exit;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      exit = RobustnessCli.execute(all.toArray(String[]::new));
    } finally {
      System.setOut(out);
    }
    report(round, name, start, "exit " + exit);
  }

  private static void report(int round, String name, long start, String what) {
    System.out.printf(
        Locale.ROOT, "round %d: %-16s %6.2f s  (%s)%n", round, name, seconds(start), what);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
