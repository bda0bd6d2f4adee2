package io.robustness.jobs.report;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Where a report's rows come from: the result tables (a report of any committed run) or the run
 * that has just been committed, held in memory (the audit's own report, without reading back what
 * it wrote). Rows carry the tables' column names and Spark's types; runs written before a table had
 * an attack column read as fgsm. Every list is of one run unless it says otherwise, in any order.
 */
public interface ReportSource {

  /** The run's row of the {@code runs} table, or null when it has none. */
  Row run();

  /**
   * The {@code runs} rows of every run of the output (this run's may be older than {@link #run}).
   */
  List<Row> runs();

  /** The {@code curves} rows of each of these runs that has some, by run id. */
  Map<String, List<Row>> curves(Collection<String> runIds);

  /** The run's {@code confidence_curves} rows, every attack's. */
  List<Row> confidenceCurves();

  /** The run's {@code class_curves} rows, every attack's. */
  List<Row> classCurves();

  /** The run's {@code checks} rows. */
  List<Row> checks();

  /** The run's {@code examples} rows, every attack's. */
  List<Row> examples();

  /** The flip histograms of one attack of the run. */
  FlipHistograms flips(String attack, List<Double> epsilons);

  /**
   * The run's {@code samples} rows of these images, every attack's, with the columns image_path,
   * attack, epsilon, true_class_prob and top_wrong_prob (null in runs written before it existed).
   */
  List<Row> trajectories(Collection<String> images);

  /** Where the rows come from, for messages. */
  String describe();
}
