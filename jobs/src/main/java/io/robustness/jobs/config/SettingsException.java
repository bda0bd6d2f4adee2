package io.robustness.jobs.config;

import java.util.List;

/** Settings that cannot run; carries every problem found, each naming the key and the fix. */
public final class SettingsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public SettingsException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    StringBuilder out = new StringBuilder();
    out.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems")
        .append(" in the settings; nothing was run:");
    for (String problem : problems) {
      out.append("\n  - ").append(problem);
    }
    return out.toString();
  }
}
