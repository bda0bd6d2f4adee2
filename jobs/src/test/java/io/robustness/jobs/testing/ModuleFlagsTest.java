package io.robustness.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The build hands test JVMs the launcher's list of Spark's Java 17 module flags (an @argfile). */
class ModuleFlagsTest {

  @Test
  void testJvmsRunWithTheLaunchersModuleFlags() {
    assertThat(SparkProcesses.JAVA_17_OPENS).hasSizeGreaterThan(10);
    assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
        .containsAll(SparkProcesses.JAVA_17_OPENS);
  }
}
