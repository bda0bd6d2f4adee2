package io.robustness.jobs.audit;

import org.apache.spark.sql.SparkSession;

/** Labels the Spark jobs of a run's steps, so the Spark UI says what each one is for. */
final class JobGroups {

  private JobGroups() {}

  static void describe(SparkSession spark, String runId, String step) {
    spark.sparkContext().setJobGroup("audit-" + runId, "audit " + runId + ": " + step, false);
  }
}
