package io.robustness.jobs.audit;

import java.io.Serializable;
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
   * never), its label and target (-1: none).
   */
  record Candidate(String path, boolean cleanCorrect, Double flipEpsilon, int label, int target)
      implements Serializable {}

  static List<Candidate> pick(List<Candidate> candidates, int count) {
    Comparator<Candidate> fragileFirst =
        Comparator.comparing(
                Candidate::flipEpsilon, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Candidate::path);
    List<Candidate> right =
        candidates.stream().filter(Candidate::cleanCorrect).sorted(fragileFirst).toList();
    List<Candidate> wrong =
        candidates.stream().filter(c -> !c.cleanCorrect()).sorted(fragileFirst).toList();
    List<Candidate> out = new ArrayList<>(spread(right, count));
    for (Candidate c : wrong) {
      if (out.size() >= count) {
        break;
      }
      out.add(c);
    }
    return out;
  }

  private static List<Candidate> spread(List<Candidate> sorted, int count) {
    List<Candidate> out = new ArrayList<>();
    if (sorted.isEmpty() || count <= 0) {
      return out;
    }
    int take = Math.min(count, sorted.size());
    for (int i = 0; i < take; i++) {
      int rank = take == 1 ? 0 : (int) Math.round(i * (sorted.size() - 1) / (double) (take - 1));
      out.add(sorted.get(rank));
    }
    return out;
  }
}
