package io.robustness.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The build hands test JVMs the launcher's list of Spark's Java 17 module flags (an @argfile), and
 * its JIT flags, which they pass on to the JVMs they start.
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
}
