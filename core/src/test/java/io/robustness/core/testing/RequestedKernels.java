package io.robustness.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test when {@code ATEN_CPU_CAPABILITY} asks libtorch for kernels this CPU cannot run:
 * libtorch takes the variable at its word, so {@code avx512} on a CPU without AVX-512 would stop
 * the JVM with an illegal instruction instead of failing a test. Checked before libtorch starts.
 */
public final class RequestedKernels implements ExecutionCondition {

  public static final String VARIABLE = "ATEN_CPU_CAPABILITY";

  /** The kernel set asked for, or {@code "the CPU's own choice"} when the variable is unset. */
  public static String describe() {
    String requested = System.getenv(VARIABLE);
    return requested == null || requested.isBlank()
        ? VARIABLE + " unset (the CPU's own choice)"
        : VARIABLE + "=" + requested;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String requested = System.getenv(VARIABLE);
    List<String> missing = requested == null ? List.of() : missingFlags(requested, cpuFlags());
    return missing.isEmpty()
        ? ConditionEvaluationResult.enabled(describe())
        : ConditionEvaluationResult.disabled(
            describe() + " asks for kernels this CPU cannot run (it lacks " + missing + ")");
  }

  /**
   * The CPU flags that libtorch's kernel set {@code capability} needs and {@code flags} lacks;
   * empty for {@code default} and for values libtorch ignores.
   */
  static List<String> missingFlags(String capability, Set<String> flags) {
    List<String> needed =
        switch (capability.trim().toLowerCase(Locale.ROOT)) {
          case "avx2" -> List.of("avx2", "fma");
          case "avx512" -> List.of("avx512f", "avx512vl", "avx512bw", "avx512dq");
          default -> List.of();
        };
    return needed.stream().filter(f -> !flags.contains(f)).toList();
  }

  private static Set<String> cpuFlags() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("flags"))
          .findFirst()
          .map(l -> Arrays.stream(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
          .map(s -> s.collect(Collectors.toSet()))
          .orElse(Set.of());
    } catch (IOException e) {
      return Set.of();
    }
  }
}
