package io.robustness.core.model;

import ai.djl.Device;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Chooses the DJL device for a task from the resources its scheduler assigned (Spark's {@code
 * TaskContext.resources()}, flattened to name → addresses): the first assigned {@code gpu} address
 * when there is one, otherwise the CPU. A GPU assignment on an engine without CUDA is an error, not
 * a silent fallback: a cluster that pays for GPUs must not quietly run on CPU.
 */
public final class DeviceSelector {

  public static final String GPU_RESOURCE = "gpu";

  private DeviceSelector() {}

  /**
   * @param resources resource name to assigned addresses, for example {@code gpu -> ["1"]}
   * @param gpusVisible CUDA devices the engine sees ({@link PyTorchRuntime#gpuCount()}); only asked
   *     when a GPU was assigned, so CPU executors never probe CUDA
   */
  public static Device select(Map<String, String[]> resources, IntSupplier gpusVisible) {
    String[] gpus = resources.get(GPU_RESOURCE);
    if (gpus == null || gpus.length == 0) {
      return Device.cpu();
    }
    int id = parseAddress(gpus[0]);
    int visible = gpusVisible.getAsInt();
    if (id >= visible) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "the scheduler assigned GPU %d but the PyTorch engine sees %d GPU(s): deploy a CUDA build of "
                  + "libtorch (pytorch-native-cu*) on GPU executors, or stop requesting gpu resources",
              id,
              visible));
    }
    return Device.gpu(id);
  }

  private static int parseAddress(String address) {
    try {
      int id = Integer.parseInt(address.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "GPU address '"
              + address
              + "' from the scheduler is not a CUDA device ordinal; the GPU discovery "
              + "script must print ordinals such as \"0\", \"1\"",
          e);
    }
  }
}
