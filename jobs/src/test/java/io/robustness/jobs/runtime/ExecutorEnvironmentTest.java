package io.robustness.jobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ExecutorEnvironmentTest {

  @Test
  void executorsAskForHugePagesUnlessTheUserSaysOtherwise() {
    assertEquals(
        Map.of("spark.executorEnv.THP_MEM_ALLOC_ENABLE", "1"),
        ExecutorEnvironment.defaults(new SparkConf(false)));
    SparkConf off = new SparkConf(false).set("spark.executorEnv.THP_MEM_ALLOC_ENABLE", "0");
    assertEquals(Map.of(), ExecutorEnvironment.defaults(off));
  }
}
