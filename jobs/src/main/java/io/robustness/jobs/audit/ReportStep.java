package io.robustness.jobs.audit;

import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.Secrets;
import io.robustness.jobs.report.ReportSource;
import io.robustness.jobs.report.ReportWriter;
import io.robustness.jobs.tables.Tables;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the report of a committed run from what the run holds (the same page as reading its tables
 * back, without the queries); a failure here does not fail the run, whose tables are complete.
 */
final class ReportStep {

  private static final Logger LOG = LoggerFactory.getLogger(ReportStep.class);

  private final SparkSession spark;
  private final AuditSettings settings;

  ReportStep(SparkSession spark, AuditSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Where the report went, or why it did not; both null when reports are off. */
  record Outcome(String uri, String problem) {}

  /**
   * @param run the run's report rows as it holds them (null only when reports are off)
   */
  Outcome write(ReportSource run) {
    if (!settings.report().enabled()) {
      return new Outcome(null, null);
    }
    String runId = settings.run().id();
    JobGroups.describe(spark, runId, "writing the report");
    String output = settings.output().uri();
    String target =
        settings.report().chosenUri().orElseGet(() -> Tables.defaultReportUri(output, runId));
    try {
      String location = ReportWriter.write(spark, run, runId, target);
      return new Outcome(Secrets.stripUserInfo(location), null);
    } catch (Exception e) { // AnalysisException too: checked, undeclared by Scala
      // The run is committed: a report that cannot be made must not fail it.
      LOG.warn("run {} succeeded but its report could not be written", runId, e);
      return new Outcome(null, Secrets.stripUserInfo(String.valueOf(e.getMessage())));
    }
  }
}
