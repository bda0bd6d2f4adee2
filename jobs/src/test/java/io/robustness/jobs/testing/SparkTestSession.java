package io.robustness.jobs.testing;

import org.apache.spark.sql.SparkSession;

/** One local[2] session per test class: UI and progress bar off, few shuffle partitions. */
public final class SparkTestSession {

  /**
   * A JVM holds one Spark context: test classes that start a session in their own JVM take this
   * lock ({@code @ResourceLock(SparkTestSession.IN_THIS_JVM)}) where classes may run side by side
   * (the integration tests).
   */
  public static final String IN_THIS_JVM = "spark-session-in-this-jvm";

  private SparkTestSession() {}

  public static SparkSession start() {
    return start("local[2]");
  }

  /** With another master, for example {@code local[2,4]} to let failed tasks be retried. */
  public static SparkSession start(String master) {
    return builder(master).getOrCreate();
  }

  /** The test settings, to add more before {@code getOrCreate()}. */
  public static SparkSession.Builder builder() {
    return builder("local[2]");
  }

  /** With another master, for example {@code local[2,4]}. */
  public static SparkSession.Builder builder(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("robustness-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1");
  }
}
