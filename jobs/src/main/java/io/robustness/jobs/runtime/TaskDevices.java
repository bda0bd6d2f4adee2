package io.robustness.jobs.runtime;

import ai.djl.Device;
import io.robustness.core.model.DeviceSelector;
import io.robustness.core.model.PyTorchRuntime;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device for the running Spark task: the GPU Spark assigned to it ({@code
 * spark.task.resource.gpu.amount}), otherwise the CPU. The choice itself is core logic ({@link
 * DeviceSelector}); this only adapts Spark's types.
 */
public final class TaskDevices {

  private TaskDevices() {}

  /** For the current task; the CPU outside a task (the driver's dry run). */
  public static Device current() {
    TaskContext task = TaskContext.get();
    return task == null ? Device.cpu() : select(task.resourcesJMap());
  }

  /** For a resource map as Spark reports it. */
  public static Device select(Map<String, ResourceInformation> resources) {
    Map<String, String[]> addresses = new HashMap<>();
    resources.forEach((name, info) -> addresses.put(name, info.addresses()));
    return DeviceSelector.select(addresses, PyTorchRuntime::gpuCount);
  }
}
