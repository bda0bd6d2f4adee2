package io.robustness.jobs.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file://}, checksums included) that sets permissions through
 * Java rather than by starting a {@code chmod} process. Without Hadoop's native library, which
 * Maven does not ship, every file and folder Hadoop creates locally started one: a table written to
 * a local output is dozens of them, and they were most of the system time of an audit here
 * (docs/performance.md).
 */
public class ForkFreeLocalFileSystem extends LocalFileSystem {

  /** The Hadoop setting that picks the {@code file://} implementation. */
  public static final String IMPL_KEY = "fs.file.impl";

  /** Where {@link #installAsDefault()} finds its setting, on this jar's classpath. */
  static final String DEFAULTS_RESOURCE = "robustness-hadoop-defaults.xml";

  public ForkFreeLocalFileSystem() {
    super(new Raw());
  }

  /**
   * Makes this the {@code file://} implementation of every Hadoop configuration in this JVM (and of
   * the configurations Spark ships with its tasks), unless the user's own Hadoop files chose one.
   * Must run before the first local file system is created, which Hadoop then caches.
   */
  public static synchronized void installAsDefault() {
    if (new Configuration().get(IMPL_KEY) == null) {
      Configuration.addDefaultResource(DEFAULTS_RESOURCE);
    }
  }

  /** The raw local file system with {@link #setPermission} done in Java. */
  static final class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      // Without the sticky bit, FsPermission prints the nine rwx letters PosixFilePermissions
      // reads.
      Files.setPosixFilePermissions(
          pathToFile(p).toPath(), PosixFilePermissions.fromString(permission.toString()));
    }
  }
}
