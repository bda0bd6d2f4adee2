package io.robustness.jobs.dataset;

import java.util.List;
import java.util.Map;

/**
 * The images a run will score, what was skipped (by reason) and the problems that must stop the run
 * before work.
 */
public record Listing(List<WorkItem> items, Map<String, Long> skipped, List<String> problems) {

  public Listing {
    items = List.copyOf(items);
    skipped = Map.copyOf(skipped);
    problems = List.copyOf(problems);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }
}
