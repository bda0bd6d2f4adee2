package io.robustness.jobs.audit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Row;

/**
 * Candidates for the report's examples, bounded: per (clean prediction right, flip epsilon) group,
 * the {@value #PER_GROUP} images with the smallest paths. Merging in any order keeps the same ones,
 * so the examples do not depend on how Spark split the work.
 */
final class ExampleCandidates implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How many candidates to keep per group; the picker spreads its choice over them. */
  static final int PER_GROUP = 8;

  private final Map<Group, List<ExamplePicker.Candidate>> groups = new HashMap<>();

  /** Each kept candidate's trajectory rows, by path. */
  private final Map<String, List<Row>> trajectories = new HashMap<>();

  private record Group(boolean cleanCorrect, Double flipEpsilon) implements Serializable {}

  void offer(ExamplePicker.Candidate candidate) {
    offer(candidate, List.of());
  }

  private void offer(ExamplePicker.Candidate candidate, List<Row> trajectory) {
    List<ExamplePicker.Candidate> kept =
        groups.computeIfAbsent(
            new Group(candidate.cleanCorrect(), candidate.flipEpsilon()), g -> new ArrayList<>());
    kept.add(candidate);
    kept.sort(Comparator.comparing(ExamplePicker.Candidate::path));
    ExamplePicker.Candidate dropped = kept.size() > PER_GROUP ? kept.remove(PER_GROUP) : null;
    // Most images are dropped as soon as they are offered: only a kept one gets a trajectory.
    if (dropped != candidate) {
      trajectories.put(candidate.path(), new ArrayList<>(trajectory));
      if (dropped != null) {
        trajectories.remove(dropped.path());
      }
    }
  }

  /** True when the image at {@code path} is a kept candidate. */
  boolean holds(String path) {
    return trajectories.containsKey(path);
  }

  /** Adds rows to a kept candidate's trajectory. */
  void addTrajectory(String path, List<Row> rows) {
    trajectories.get(path).addAll(rows);
  }

  void merge(ExampleCandidates other) {
    other
        .groups
        .values()
        .forEach(set -> set.forEach(c -> offer(c, other.trajectories.get(c.path()))));
  }

  /** The trajectory rows of every kept candidate. */
  List<Row> trajectories() {
    List<Row> out = new ArrayList<>();
    trajectories.values().forEach(out::addAll);
    return out;
  }

  List<ExamplePicker.Candidate> all() {
    List<ExamplePicker.Candidate> out = new ArrayList<>();
    groups.values().forEach(out::addAll);
    out.sort(Comparator.comparing(ExamplePicker.Candidate::path));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExampleCandidates c
        && Objects.equals(all(), c.all())
        && Objects.equals(trajectories, c.trajectories);
  }

  @Override
  public int hashCode() {
    return all().hashCode();
  }
}
