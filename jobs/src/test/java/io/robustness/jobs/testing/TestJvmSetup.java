package io.robustness.jobs.testing;

import io.robustness.jobs.store.ForkFreeLocalFileSystem;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Sets up each test JVM, before any test runs, as {@code RobustnessCli.main} sets up the product's:
 * the local file system that sets permissions without starting a process (Hadoop caches the first
 * one a JVM creates, so this cannot wait for a test class).
 */
public final class TestJvmSetup implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    ForkFreeLocalFileSystem.installAsDefault();
  }
}
