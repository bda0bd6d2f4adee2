package io.robustness.jobs.cli;

import io.robustness.jobs.config.SettingsException;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: the master comes from outside (launcher, spark-submit, -D), and a
 * session the command did not create (an embedding application's, a test's) is left running when
 * the command ends.
 */
final class ReadSession implements AutoCloseable {

  private final SparkSession spark;
  private final boolean owned;

  private ReadSession(SparkSession spark, boolean owned) {
    this.spark = spark;
    this.owned = owned;
  }

  /** A quiet session for reading tables (no progress bar). */
  static ReadSession start(String appName) {
    return start(appName, false);
  }

  static ReadSession start(String appName, boolean progress) {
    boolean existed = SparkSession.getDefaultSession().isDefined();
    if (!existed && !new SparkConf().contains("spark.master")) {
      throw new SettingsException(
          List.of(
              "no Spark master is set: run through deploy/local/robustness or "
                  + "spark-submit, or pass -Dspark.master=local[*]"));
    }
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!progress) {
      builder = builder.config("spark.ui.showConsoleProgress", "false");
    }
    return new ReadSession(builder.getOrCreate(), !existed);
  }

  SparkSession spark() {
    return spark;
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
