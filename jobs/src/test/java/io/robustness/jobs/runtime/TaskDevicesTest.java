package io.robustness.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.robustness.core.model.PyTorchRuntime;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** Spark's resource maps, built here as an executor would receive them, turned into DJL devices. */
class TaskDevicesTest {

  @Test
  void noGpuAssignedMeansCpu() {
    assertThat(TaskDevices.select(Map.of())).isEqualTo(Device.cpu());
    assertThat(
            TaskDevices.select(Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"}))))
        .isEqualTo(Device.cpu());
  }

  @Test
  void outsideATaskTheDriverUsesTheCpu() {
    assertThat(TaskDevices.current()).isEqualTo(Device.cpu());
  }

  @Test
  void anAssignedGpuIsUsedOrRefusedClearly() {
    Map<String, ResourceInformation> gpu1 =
        Map.of("gpu", new ResourceInformation("gpu", new String[] {"1"}));
    if (PyTorchRuntime.gpuCount() >= 2) {
      assertThat(TaskDevices.select(gpu1)).isEqualTo(Device.gpu(1));
    } else {
      // This machine's libtorch is the CPU build: a GPU assignment must fail loudly, not fall back.
      assertThatThrownBy(() -> TaskDevices.select(gpu1))
          .hasMessageContaining("assigned GPU 1")
          .hasMessageContaining("pytorch-native-cu");
    }
  }
}
