package io.robustness.jobs.cli;

import io.robustness.jobs.store.ForkFreeLocalFileSystem;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
      RegisterCommand.class,
      DdlCommand.class,
      NightlyCommand.class,
      CoreAuditCommand.class,
      BenchCoreCommand.class,
      BenchDataCommand.class,
      ConvertCommand.class,
      BenchListingCommand.class,
      BenchHistoryCommand.class,
      HardenCommand.class
    })
public final class RobustnessCli {

  private static final Logger LOG = LoggerFactory.getLogger(RobustnessCli.class);

  private RobustnessCli() {}

  public static void main(String[] args) {
    System.setOut(wholeLines(new FileOutputStream(FileDescriptor.out)));
    ForkFreeLocalFileSystem.installAsDefault();
    int status = execute(args);
    System.out.flush();
    System.exit(status);
  }

  /**
   * Standard output that reaches the file descriptor a whole line at a time. The JVM's own writes
   * through a 128-byte buffer, so a printf line goes out in pieces, and a log line from another
   * thread on stderr (often the same file, as under schedulers) can land in the middle of it.
   */
  static PrintStream wholeLines(OutputStream target) {
    // Not PrintStream's autoflush: it flushes after every piece printf writes.
    return new PrintStream(new LineBuffered(target), false);
  }

  /** Buffers bytes until a line ends, then writes them in one call. */
  private static final class LineBuffered extends BufferedOutputStream {

    LineBuffered(OutputStream target) {
      super(target, 1 << 16);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          flush();
          return;
        }
      }
    }

    @Override
    public synchronized void write(int b) throws IOException {
      super.write(b);
      if (b == '\n') {
        flush();
      }
    }
  }

  /** Runs a command line and returns its exit code: 0 success, 2 usage errors, 1 failures. */
  public static int execute(String... args) {
    return new CommandLine(new RobustnessCli())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(RobustnessCli::ended)
        .execute(args);
  }

  /**
   * What a command did not handle itself: one line for the user (the whole failure goes to the
   * log), the status from its type.
   */
  private static int ended(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    int status = ExitCodes.of(e);
    if (status == ExitCodes.USAGE) {
      System.err.println(e.getMessage());
    } else {
      LOG.error("{} failed", command.getCommandName(), e);
      System.err.println(command.getCommandName() + " failed: " + CommandSession.oneLine(e));
    }
    return status;
  }
}
