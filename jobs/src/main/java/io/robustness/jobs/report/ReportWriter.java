package io.robustness.jobs.report;

import io.robustness.jobs.store.RetryingFileSystem;
import io.robustness.jobs.tables.TableReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Builds a run's report data from its tables (or from the run just committed), renders it and
 * writes the page (file://, s3a://, hdfs://).
 */
public final class ReportWriter {

  private ReportWriter() {}

  /**
   * @return the qualified location written
   */
  public static String write(SparkSession spark, TableReader tables, String runId, String reportUri)
      throws IOException {
    return write(spark, new TableReportSource(tables, runId), runId, reportUri);
  }

  /**
   * @return the qualified location written
   */
  public static String write(
      SparkSession spark, ReportSource source, String runId, String reportUri) throws IOException {
    String html = ReportRenderer.render(ReportLoader.load(source, runId));
    Path target = new Path(reportUri);
    RetryingFileSystem fs =
        RetryingFileSystem.of(target.getFileSystem(spark.sparkContext().hadoopConfiguration()));
    Path qualified = fs.makeQualified(target);
    Path partial = new Path(qualified.getParent(), "." + qualified.getName() + ".partial");
    fs.writeAll(partial, html.getBytes(StandardCharsets.UTF_8), true);
    fs.delete(qualified, false);
    if (!fs.rename(partial, qualified)) {
      throw new IOException("could not move " + partial + " to " + qualified);
    }
    return qualified.toString();
  }
}
