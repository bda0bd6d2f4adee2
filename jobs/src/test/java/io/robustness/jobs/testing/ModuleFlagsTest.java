package io.robustness.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The build hands test JVMs the launcher's list of Spark's Java 17 module flags (an @argfile), and
 * its JIT flags, which they pass on to the JVMs they start; unit-test JVMs also its Spark settings.
 */
class ModuleFlagsTest {

  @Test
  void testJvmsRunWithTheLaunchersModuleFlags() {
    assertThat(SparkProcesses.JAVA_17_OPENS).hasSizeGreaterThan(10);
    assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
        .containsAll(SparkProcesses.JAVA_17_OPENS);
  }

  /** The JVMs the integration tests start take the test JVM's JIT and collector (test.jit). */
  @Test
  void childJvmsGetTheBuildsJitFlags() {
    assertThat(SparkProcesses.JIT).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  }

  /**
   * Sessions in unit-test JVMs evaluate expressions interpreted (jobs/pom.xml): a SparkConf built
   * here, as every session builder's is, takes them from the JVM's system properties.
   */
  @Test
  void unitTestSessionsRunSparkWithoutCodeGeneration() {
    SparkConf conf = new SparkConf();
    assertThat(conf.get("spark.sql.codegen.wholeStage", "unset")).isEqualTo("false");
    assertThat(conf.get("spark.sql.codegen.factoryMode", "unset")).isEqualTo("NO_CODEGEN");
  }
}
