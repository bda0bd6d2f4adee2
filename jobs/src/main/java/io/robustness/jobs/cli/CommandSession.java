package io.robustness.jobs.cli;

import io.robustness.jobs.config.OutputSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.output.OutputTables;
import io.robustness.jobs.runtime.ExecutorEnvironment;
import io.robustness.jobs.tables.TableReader;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: the master comes from outside (launcher, spark-submit, -D), and a
 * session the command did not create (an embedding application's, a test's) is left running when
 * the command ends.
 */
final class CommandSession implements AutoCloseable {

  private final SparkSession spark;
  private final boolean owned;

  private CommandSession(SparkSession spark, boolean owned) {
    this.spark = spark;
    this.owned = owned;
  }

  /** A quiet session for reading tables (no progress bar). */
  static CommandSession start(String appName) {
    return start(appName, false);
  }

  static CommandSession start(String appName, boolean progress) {
    boolean existed = SparkSession.getDefaultSession().isDefined();
    SparkConf conf = new SparkConf();
    String noMaster = masterProblem(conf);
    if (noMaster != null) {
      throw new SettingsException(List.of(noMaster));
    }
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    for (Map.Entry<String, String> e : ExecutorEnvironment.defaults(conf).entrySet()) {
      builder = builder.config(e.getKey(), e.getValue());
    }
    if (!progress) {
      builder = builder.config("spark.ui.showConsoleProgress", "false");
    }
    return new CommandSession(builder.getOrCreate(), !existed);
  }

  /** Why no session can start, or null: a running session, or a master from outside, will do. */
  static String masterProblem(SparkConf conf) {
    if (SparkSession.getDefaultSession().isDefined() || conf.contains("spark.master")) {
      return null;
    }
    return "no Spark master is set: run through deploy/local/robustness or spark-submit, or pass "
        + "-Dspark.master=local[*]";
  }

  SparkSession spark() {
    return spark;
  }

  /** What a reading command does once the tables are open; returns the exit status. */
  interface TablesAction {
    int run(SparkSession spark, TableReader tables) throws Exception;
  }

  /**
   * Opens the tables under {@code output} in a session and runs {@code action}; a missing master or
   * an output without tables is a usage error (exit 2) reported in one line.
   */
  static int withTables(String appName, OutputOption where, TablesAction action) throws Exception {
    CommandSession session;
    OutputSettings output;
    try {
      output = where.settings();
      session = start(appName);
    } catch (SettingsException e) {
      System.err.println(e.getMessage());
      return ExitCodes.USAGE;
    }
    try (session) {
      TableReader tables = OutputTables.reader(session.spark(), output);
      if (!tables.exists()) {
        System.err.println(
            "no result tables under " + tables.describe() + " (no runs table): check --output");
        return ExitCodes.USAGE;
      }
      return action.run(session.spark(), tables);
    }
  }

  @Override
  public void close() {
    if (owned) {
      spark.stop();
    }
  }

  /** The first line of an error message, for users who asked a question, not for a stack trace. */
  static String oneLine(Throwable e) {
    String message = String.valueOf(e.getMessage()).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }
}
