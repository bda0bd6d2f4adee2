package io.robustness.jobs.testing;

import io.robustness.jobs.store.ForkFreeLocalFileSystem;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system, failing chosen files' opens with an unchecked exception a given number of
 * times: a crashing task, as Spark sees one. Installed for {@code file:} with the Hadoop settings
 * {@code fs.file.impl} and {@code fs.file.impl.disable.cache=true}; the counters are per JVM, which
 * in local mode includes the executors.
 */
public class FaultyFileSystem extends ForkFreeLocalFileSystem {

  private static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> CREATE_FAILURES_LEFT = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> CREATES_PASSING = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> CLOSE_FAILURES = new ConcurrentHashMap<>();
  private static final AtomicInteger INJECTED = new AtomicInteger();

  /** The next {@code times} opens of any file named {@code fileName} throw. */
  public static void failOpens(String fileName, int times) {
    FAILURES_LEFT.put(fileName, new AtomicInteger(times));
  }

  /** The next {@code times} creates of any file whose name ends with {@code suffix} throw. */
  public static void failCreates(String suffix, int times) {
    CREATE_FAILURES_LEFT.put(suffix, new AtomicInteger(times));
  }

  /**
   * Of the creates of any file whose name ends with {@code suffix}, the next {@code passing} go
   * through, then {@code times} throw: for a file a protocol writes more than once.
   */
  public static void failCreatesAfter(String suffix, int passing, int times) {
    CREATES_PASSING.put(suffix, new AtomicInteger(passing));
    CREATE_FAILURES_LEFT.put(suffix, new AtomicInteger(times));
  }

  /** Streams opened on any file named {@code fileName} throw when closed. */
  public static void failCloses(String fileName) {
    CLOSE_FAILURES.put(fileName, true);
  }

  public static void reset() {
    CLOSE_FAILURES.clear();
    FAILURES_LEFT.clear();
    CREATE_FAILURES_LEFT.clear();
    CREATES_PASSING.clear();
    INJECTED.set(0);
  }

  /** How many failures were thrown since the last reset. */
  public static int injected() {
    return INJECTED.get();
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    failCreate(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  /** Where {@code createFile(...).build()} (Hadoop's copy utilities among others) ends up. */
  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      java.util.EnumSet<org.apache.hadoop.fs.CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress,
      org.apache.hadoop.fs.Options.ChecksumOpt checksumOpt)
      throws IOException {
    failCreate(f);
    return super.create(
        f, permission, flags, bufferSize, replication, blockSize, progress, checksumOpt);
  }

  private static void failCreate(Path f) throws IOException {
    for (Map.Entry<String, AtomicInteger> e : CREATE_FAILURES_LEFT.entrySet()) {
      if (!f.getName().endsWith(e.getKey())) {
        continue;
      }
      AtomicInteger passing = CREATES_PASSING.get(e.getKey());
      if (passing != null && passing.getAndDecrement() > 0) {
        continue;
      }
      if (e.getValue().getAndDecrement() > 0) {
        INJECTED.incrementAndGet();
        throw new IOException("injected failure creating " + f.getName());
      }
    }
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    AtomicInteger left = FAILURES_LEFT.get(f.getName());
    if (left != null && left.getAndDecrement() > 0) {
      INJECTED.incrementAndGet();
      throw new IllegalStateException("injected failure opening " + f.getName());
    }
    FSDataInputStream in = super.open(f, bufferSize);
    if (!CLOSE_FAILURES.containsKey(f.getName())) {
      return in;
    }
    return new FSDataInputStream(in) {
      @Override
      public void close() throws IOException {
        super.close();
        INJECTED.incrementAndGet();
        throw new IOException("injected failure closing " + f.getName());
      }
    };
  }
}
