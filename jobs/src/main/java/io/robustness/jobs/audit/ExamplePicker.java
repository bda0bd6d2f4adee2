package io.robustness.jobs.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the report's example images so they span fragility: images the model first got right,
 * ordered from the smallest flip epsilon to never flipping, taken at evenly spaced ranks; images it
 * got wrong fill in only when there are too few right ones.
 */
final class ExamplePicker {

  private ExamplePicker() {}

  /**
   * A scored image: its path, whether the clean prediction was right, its flip epsilon (null:
   * never).
   */
  public record Candidate(String path, boolean cleanCorrect, Double flipEpsilon) {}

  public static List<String> pick(List<Candidate> candidates, int count) {
    Comparator<Candidate> fragileFirst =
        Comparator.comparing(
                Candidate::flipEpsilon, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Candidate::path);
    List<Candidate> right =
        candidates.stream().filter(Candidate::cleanCorrect).sorted(fragileFirst).toList();
    List<Candidate> wrong =
        candidates.stream().filter(c -> !c.cleanCorrect()).sorted(fragileFirst).toList();
    List<String> out = new ArrayList<>(spread(right, count));
    for (Candidate c : wrong) {
      if (out.size() >= count) {
        break;
      }
      out.add(c.path());
    }
    return out;
  }

  private static List<String> spread(List<Candidate> sorted, int count) {
    List<String> out = new ArrayList<>();
    if (sorted.isEmpty() || count <= 0) {
      return out;
    }
    int take = Math.min(count, sorted.size());
    for (int i = 0; i < take; i++) {
      int rank = take == 1 ? 0 : (int) Math.round(i * (sorted.size() - 1) / (double) (take - 1));
      out.add(sorted.get(rank).path());
    }
    return out;
  }
}
