package io.robustness.jobs.cli;

import io.robustness.jobs.report.ReportWriter;
import io.robustness.jobs.tables.RunRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustness report --output URI --run RUN --out FILE.html}: the self-contained HTML report
 * of a run.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write the self-contained HTML report of a run (works offline; needs no model).")
final class ReportCommand implements Callable<Integer> {

  @Mixin OutputOption output;

  @Option(
      names = "--run",
      defaultValue = "latest",
      paramLabel = "RUN",
      description = "run id, latest or previous, default: ${DEFAULT-VALUE}")
  String run;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.html",
      description = "where to write the page")
  String out;

  @Override
  public Integer call() throws Exception {
    return CommandSession.withTables(
        "robustness report",
        output,
        (spark, tables) -> {
          RunRef ref = RunRef.resolve(run, tables.runs());
          System.out.println("report: " + ReportWriter.write(spark, tables, ref.runId(), out));
          return ExitCodes.OK;
        });
  }
}
