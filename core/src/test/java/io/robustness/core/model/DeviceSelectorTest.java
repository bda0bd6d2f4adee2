package io.robustness.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

  @Test
  void noResourcesMeansCpu() {
    assertThat(DeviceSelector.select(Map.of(), () -> 0)).isEqualTo(Device.cpu());
    assertThat(DeviceSelector.select(Map.of("fpga", new String[] {"0"}), () -> 2))
        .isEqualTo(Device.cpu());
    assertThat(DeviceSelector.select(Map.of("gpu", new String[0]), () -> 2))
        .isEqualTo(Device.cpu());
  }

  @Test
  void cpuTasksNeverAskTheEngineForGpus() {
    IntSupplier mustNotBeCalled =
        () -> {
          throw new AssertionError("probed CUDA without a GPU assignment");
        };
    assertThat(DeviceSelector.select(Map.of("cpu", new String[] {"2"}), mustNotBeCalled))
        .isEqualTo(Device.cpu());
  }

  @Test
  void assignedGpuAddressPicksTheCudaDevice() {
    assertThat(DeviceSelector.select(Map.of("gpu", new String[] {"1"}), () -> 2))
        .isEqualTo(Device.gpu(1));
    assertThat(DeviceSelector.select(Map.of("gpu", new String[] {" 0 ", "1"}), () -> 2))
        .isEqualTo(Device.gpu(0));
  }

  @Test
  void gpuAssignedWithoutCudaIsAnErrorNotAFallback() {
    assertThatThrownBy(() -> DeviceSelector.select(Map.of("gpu", new String[] {"0"}), () -> 0))
        .hasMessageContaining("assigned GPU 0")
        .hasMessageContaining("sees 0 GPU");
  }

  @Test
  void addressThatIsNotAnOrdinalIsExplained() {
    assertThatThrownBy(
            () -> DeviceSelector.select(Map.of("gpu", new String[] {"GPU-5f2c"}), () -> 1))
        .hasMessageContaining("GPU-5f2c")
        .hasMessageContaining("discovery script");
  }
}
