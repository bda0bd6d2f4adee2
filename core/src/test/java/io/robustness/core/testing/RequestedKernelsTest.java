package io.robustness.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestedKernelsTest {

  private static final Set<String> AVX2_ONLY = Set.of("sse4_2", "avx", "avx2", "fma");

  @Test
  void avx512OnACpuWithoutItIsSkippedNamingWhatIsMissing() {
    assertThat(RequestedKernels.missingFlags("avx512", AVX2_ONLY))
        .containsExactly("avx512f", "avx512vl", "avx512bw", "avx512dq");
  }

  @Test
  void kernelSetsTheCpuHasRun() {
    assertThat(RequestedKernels.missingFlags("avx2", AVX2_ONLY)).isEmpty();
    assertThat(RequestedKernels.missingFlags("default", Set.of())).isEmpty();
    assertThat(RequestedKernels.missingFlags("AVX2 ", Set.of("avx2"))).containsExactly("fma");
  }
}
