package io.robustness.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeAllocationTest {

  @Test
  void onlyTheValueOneTurnsHugePagesOn() {
    assertTrue(NativeAllocation.hugePages(Map.of("THP_MEM_ALLOC_ENABLE", "1")));
    assertFalse(NativeAllocation.hugePages(Map.of("THP_MEM_ALLOC_ENABLE", "0")));
    assertFalse(NativeAllocation.hugePages(Map.of("THP_MEM_ALLOC_ENABLE", "true")));
    assertFalse(NativeAllocation.hugePages(Map.of()));
  }

  @Test
  void adviceNamesTheVariableOnlyWhenItIsMissing() {
    assertEquals(
        java.util.Optional.empty(), NativeAllocation.advice(Map.of("THP_MEM_ALLOC_ENABLE", "1")));
    String advice = NativeAllocation.advice(Map.of("PATH", "/usr/bin")).orElseThrow();
    assertTrue(advice.startsWith("THP_MEM_ALLOC_ENABLE is not 1"), advice);
    assertTrue(advice.contains("docs/operations.md"), advice);
  }
}
