package io.robustness.core.attack;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The epsilons of a run: pixel units of [0,1], ascending, each once, at least one. The one place a
 * grid is checked; what holds one (an attack spec, a curve tally) holds a valid one.
 *
 * @param values the epsilons, ascending
 */
public record EpsilonGrid(List<Double> values) implements Serializable {

  public EpsilonGrid {
    values = List.copyOf(values);
    List<String> problems = problems(values);
    for (int e = 1; e < values.size() && problems.isEmpty(); e++) {
      if (!(values.get(e) > values.get(e - 1))) {
        problems.add("is not ascending: " + values);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the epsilon grid " + String.join("; ", problems));
    }
  }

  /** {@code values} sorted; they must be a grid but for their order. */
  public static EpsilonGrid sorted(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return new EpsilonGrid(sorted);
  }

  /**
   * What keeps {@code values}, in any order, from being a grid, each as the end of a sentence that
   * names the grid, with its fix.
   */
  public static List<String> problems(List<Double> values) {
    List<String> out = new ArrayList<>();
    if (values.isEmpty()) {
      out.add("is empty: list step sizes in pixel units of [0,1], like [0, 0.01, 0.1]");
    }
    for (Double eps : values) {
      if (eps == null || !(eps >= 0 && eps <= 1)) {
        out.add(
            "contains "
                + eps
                + ", outside [0,1]: epsilons are in pixel units of [0,1] (8/255 = 0.031)");
      }
    }
    if (new HashSet<>(values).size() != values.size()) {
      out.add("has duplicates " + values + ": list each step size once");
    }
    return out;
  }

  public int size() {
    return values.size();
  }
}
