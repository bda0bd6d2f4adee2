package io.robustness.jobs.audit;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Labels the Spark jobs of a run's steps, so the Spark UI says what each one is for. */
final class JobGroups {

  private static final Logger LOG = LoggerFactory.getLogger(JobGroups.class);

  private JobGroups() {}

  static void describe(SparkSession spark, String runId, String step) {
    LOG.info("run {}: {}", runId, step);
    // Interrupt on cancel: a stopping attempt's running tasks end after their batch, not their
    // partition.
    spark.sparkContext().setJobGroup("audit-" + runId, "audit " + runId + ": " + step, true);
  }
}
