package io.robustness.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code robustness} command, locally and under {@code spark-submit}. */
@Command(
    name = "robustness",
    mixinStandardHelpOptions = true,
    versionProvider = io.robustness.jobs.CodeVersion.class,
    description = "FGSM robustness audits of image classifiers.",
    subcommands = {
      AuditCommand.class,
      QueryCommand.class,
      CompareCommand.class,
      ReportCommand.class,
      RetainCommand.class,
      NightlyCommand.class,
      CoreAuditCommand.class,
      BenchCoreCommand.class,
      BenchDataCommand.class,
      ConvertCommand.class,
      BenchListingCommand.class,
      HardenCommand.class
    })
public final class RobustnessCli {

  private RobustnessCli() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code: 0 success, 2 usage errors, 1 failures. */
  public static int execute(String... args) {
    return new CommandLine(new RobustnessCli())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(RobustnessCli::ended)
        .execute(args);
  }

  /** What a command did not handle itself: one line for the user, the status from its type. */
  private static int ended(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    System.err.println(
        ExitCodes.of(e) == ExitCodes.USAGE ? e.getMessage() : CommandSession.oneLine(e));
    return ExitCodes.of(e);
  }
}
