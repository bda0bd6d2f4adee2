package io.robustness.jobs.config;

/**
 * {@code robustness.runtime}: how the engine runs on executors.
 *
 * @param intraOpThreads PyTorch intra-op threads per executor JVM; 0 means {@code spark.task.cpus}
 */
public record RuntimeSettings(int intraOpThreads) {

  static RuntimeSettings read(SettingsReader r) {
    return new RuntimeSettings(
        r.atLeast(Keys.RUNTIME_INTRA_OP_THREADS, 0, "use 0 for spark.task.cpus"));
  }
}
