package io.robustness.core.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * PyTorch's curve from golden rows of one mode: per epsilon, accuracy and mean confidence. For
 * tests that see only a printed or aggregated curve; compare with {@link #accuracyTolerance} and
 * {@link #confidenceTolerance}, the curve rule of {@link GoldenJudge}.
 */
public record GoldenCurve(double epsilon, int images, double accuracy, double meanConfidence) {

  /** The curve of {@code rows} (one mode), in increasing epsilon. */
  public static List<GoldenCurve> of(List<GoldenRow> rows) {
    Map<Double, List<GoldenRow>> byEpsilon =
        rows.stream()
            .collect(Collectors.groupingBy(GoldenRow::epsilon, TreeMap::new, Collectors.toList()));
    return byEpsilon.entrySet().stream()
        .map(
            e ->
                new GoldenCurve(
                    e.getKey(),
                    e.getValue().size(),
                    e.getValue().stream()
                        .mapToDouble(r -> r.correct() ? 1 : 0)
                        .average()
                        .orElseThrow(),
                    e.getValue().stream()
                        .mapToDouble(GoldenRow::confidence)
                        .average()
                        .orElseThrow()))
        .toList();
  }

  /** Epsilon 0 is the same input on any kernels: exact; elsewhere the judge's curve tolerance. */
  public double accuracyTolerance() {
    return epsilon == 0.0 ? 0.0 : GoldenJudge.CURVE;
  }

  public double confidenceTolerance() {
    return GoldenJudge.SAME_INPUT + (epsilon == 0.0 ? 0.0 : GoldenJudge.CURVE);
  }
}
