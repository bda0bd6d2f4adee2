package io.robustness.core.model;

import java.util.Map;
import java.util.Optional;

/**
 * How libtorch gets its CPU memory. A gradient pass through an ImageNet-sized model allocates and
 * frees tensors of tens to hundreds of megabytes per batch; glibc hands each back to the kernel and
 * the next batch faults every page in again, so half of the CPU time goes to page faults
 * (MobileNetV2, batch 32, 2 cores: 5x slower than with huge pages; docs/performance.md). libtorch
 * aligns such tensors to 2 MB and asks for transparent huge pages when {@value #HUGE_PAGES} is 1 in
 * the environment of the process, which must be set before the JVM starts.
 */
public final class NativeAllocation {

  /**
   * libtorch's switch for 2 MB-aligned, huge-page-backed CPU tensors (read from the environment).
   */
  public static final String HUGE_PAGES = "THP_MEM_ALLOC_ENABLE";

  private NativeAllocation() {}

  /** Whether libtorch in a process with this environment asks for huge pages. */
  public static boolean hugePages(Map<String, String> environment) {
    return "1".equals(environment.get(HUGE_PAGES));
  }

  /** A warning for a process whose libtorch will not ask for huge pages, or empty. */
  public static Optional<String> advice(Map<String, String> environment) {
    if (hugePages(environment)) {
      return Optional.empty();
    }
    return Optional.of(
        HUGE_PAGES
            + " is not 1 in this process's environment: libtorch returns large tensors' memory to"
            + " the kernel after every batch and faults it in again, several times slower on large"
            + " models. Set "
            + HUGE_PAGES
            + "=1 for drivers and executors (the launcher and spark.executorEnv do by default;"
            + " docs/operations.md)");
  }
}
