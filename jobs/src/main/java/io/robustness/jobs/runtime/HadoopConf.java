package io.robustness.jobs.runtime;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * Hadoop configuration built from Spark settings the way Spark builds it: every {@code
 * spark.hadoop.X=V} becomes {@code X=V}. Works before a SparkContext exists (from {@code spark.*}
 * system properties, as spark-submit and the launcher pass them) and on executors (from {@link
 * SparkEnv}), so credentials are never shipped in closures.
 */
public final class HadoopConf {

  private static final String PREFIX = "spark.hadoop.";

  private HadoopConf() {}

  /** From a SparkConf, for example {@code new SparkConf()} on the driver before Spark starts. */
  public static Configuration from(SparkConf spark) {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> entry : spark.getAll()) {
      if (entry._1().startsWith(PREFIX)) {
        conf.set(entry._1().substring(PREFIX.length()), entry._2());
      }
    }
    return conf;
  }

  /** On an executor (or the driver once Spark runs), with the job's own settings laid over. */
  public static Configuration onExecutor(Map<String, String> overrides) {
    return withOverrides(from(SparkEnv.get().conf()), overrides);
  }

  /** {@code base} with {@code overrides} set on it; returns {@code base}. */
  public static Configuration withOverrides(Configuration base, Map<String, String> overrides) {
    overrides.forEach(base::set);
    return base;
  }
}
