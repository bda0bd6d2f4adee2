package io.robustness.core.model;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine offline. libtorch comes from the {@code pytorch-native-cpu} jar on
 * the classpath (with the matching {@code pytorch-jni}); offline mode makes DJL fail loudly instead
 * of downloading if that jar is missing or mismatched. Call before any other DJL use in the JVM.
 */
public final class PyTorchRuntime {

  public static final String ENGINE_NAME = "PyTorch";

  private PyTorchRuntime() {}

  /**
   * Turns on DJL offline mode unless the user set it explicitly, and returns the PyTorch engine.
   */
  public static Engine engine() {
    if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    return Engine.getEngine(ENGINE_NAME);
  }

  /** Number of CUDA devices libtorch can see (0 with the CPU build). */
  public static int gpuCount() {
    return engine().getGpuCount();
  }
}
