package io.robustness.jobs.store;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A file system whose metadata calls (status, listing, delete, rename, mkdirs) are retried on
 * passing store failures ({@link StoreRetry}), with whole small files read and written the same
 * way. Streams from {@code open} and {@code create} are the wrapped system's own: a stream cannot
 * be replayed, so large reads and writes retry at a higher level. A rename retried after it copied
 * but before it reported is taken as done when the source is gone and the target there.
 */
public final class RetryingFileSystem extends FilterFileSystem {

  private RetryingFileSystem(FileSystem fs) {
    super(fs);
  }

  /** {@code fs} with retries, once: a wrapped one is returned as it is. */
  public static RetryingFileSystem of(FileSystem fs) {
    return fs instanceof RetryingFileSystem r ? r : new RetryingFileSystem(fs);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return StoreRetry.call("status of " + f, () -> fs.getFileStatus(f));
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    return StoreRetry.call("listing " + f, () -> fs.listStatus(f));
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    return StoreRetry.call("deleting " + f, () -> fs.delete(f, recursive));
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    return StoreRetry.call("creating folder " + f, () -> fs.mkdirs(f, permission));
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    return StoreRetry.call("creating folder " + f, () -> fs.mkdirs(f));
  }

  /**
   * Renames a file, or a folder where the store can. A try that fails after the copy (object stores
   * copy, then delete) leaves the target whole, an object store writing objects whole: a retry that
   * finds it removes the source and counts the rename as done. Only for targets the caller knows
   * were absent before.
   */
  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    boolean[] tried = {false};
    return StoreRetry.call(
        "renaming " + src + " to " + dst,
        () -> {
          if (tried[0] && exists(dst)) {
            if (exists(src)) {
              fs.delete(src, true);
            }
            return true;
          }
          tried[0] = true;
          return fs.rename(src, dst);
        });
  }

  /** The whole file, read again from its start if the store fails midway. */
  public byte[] readAll(Path f) throws IOException {
    return StoreRetry.call(
        "reading " + f,
        () -> {
          try (InputStream in = fs.open(f)) {
            return in.readAllBytes();
          }
        });
  }

  /**
   * Writes {@code bytes} as the whole of {@code f}, written again if the store fails midway.
   *
   * @param overwrite false to fail when {@code f} exists before the first try; a retry replaces
   *     whatever its own failed try left
   */
  public void writeAll(Path f, byte[] bytes, boolean overwrite) throws IOException {
    boolean[] tried = {false};
    StoreRetry.call(
        "writing " + f,
        () -> {
          boolean again = tried[0];
          tried[0] = true;
          try (FSDataOutputStream out = fs.create(f, overwrite || again)) {
            out.write(bytes);
          }
          return null;
        });
  }
}
