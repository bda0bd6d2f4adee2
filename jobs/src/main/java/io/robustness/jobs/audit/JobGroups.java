package io.robustness.jobs.audit;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Labels the Spark jobs of a run's steps, so the Spark UI says what each one is for. */
public final class JobGroups {

  private static final Logger LOG = LoggerFactory.getLogger(JobGroups.class);

  private JobGroups() {}

  static void describe(SparkSession spark, String runId, String step) {
    LOG.info("run {}: {}", runId, step);
    // Interrupt on cancel: a stopping attempt's running tasks end within a step of their batch.
    spark.sparkContext().setJobGroup(group(runId), "audit " + runId + ": " + step, true);
  }

  /** The group of the attempt's jobs: what a stop cancels. */
  public static String group(String runId) {
    return "audit-" + runId;
  }

  /** The attempt's clean-up after a failure or stop, in a group no stop cancels. */
  static void cleanup(SparkSession spark, String runId) {
    spark
        .sparkContext()
        .setJobGroup(
            "audit-" + runId + "-cleanup", "audit " + runId + ": recording the end", false);
  }
}
