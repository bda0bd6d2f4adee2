package io.robustness.jobs.report;

import io.robustness.jobs.tables.Columns;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * The report rows of the run just committed, as it holds them: the rows it staged for its small
 * tables, the flip counts and example trajectories it tallied while scoring, and the output's
 * history as read while it scored ({@link ReportHistory}). Gives the same report as reading the
 * committed tables back, without the queries.
 *
 * @param run its {@code runs} row as the committed table holds it
 * @param curves its {@code curves} rows, every attack's
 * @param flips each attack's flip histograms, on the run's grid
 * @param trajectories the {@code samples} rows (image_path, attack, epsilon, true_class_prob,
 *     top_wrong_prob) of at least its example images
 */
public record RunReportSource(
    String runId,
    Row run,
    ReportHistory history,
    List<Row> curves,
    List<Row> confidenceCurves,
    List<Row> classCurves,
    List<Row> checks,
    List<Row> examples,
    Map<String, FlipHistograms> flips,
    List<Row> trajectories,
    String describe)
    implements ReportSource {

  @Override
  public List<Row> runs() {
    return history.runs();
  }

  @Override
  public Map<String, List<Row>> curves(Collection<String> runIds) {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    TableReportSource.byRun(history.curves())
        .forEach(
            (id, rows) -> {
              if (runIds.contains(id) && !id.equals(runId)) {
                out.put(id, rows);
              }
            });
    out.put(runId, curves);
    return out;
  }

  @Override
  public FlipHistograms flips(String attack, List<Double> epsilons) {
    FlipHistograms h = flips.get(attack);
    if (h == null) {
      throw new IllegalArgumentException("run " + runId + " tallied no flips for " + attack);
    }
    return h;
  }

  @Override
  public List<Row> trajectories(Collection<String> images) {
    Set<String> wanted = new HashSet<>(images);
    return trajectories.stream()
        .filter(r -> wanted.contains(r.<String>getAs(Columns.IMAGE_PATH)))
        .toList();
  }
}
