package io.robustness.jobs.bench;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk as an object store would serve it: {@code delayed:///path} is {@code
 * file:///path}, but every open and every status call first waits {@code fs.delayed.millis}
 * (default 20), like a GET's or a HEAD's round trip. For measuring how well reads overlap the
 * model's work; install with the Hadoop setting {@code fs.delayed.impl}.
 */
public final class DelayedFileSystem extends RawLocalFileSystem {

  public static final String SCHEME = "delayed";
  public static final String MILLIS = "fs.delayed.millis";
  private static final URI ROOT = URI.create(SCHEME + ":///");

  private long millis = 20;

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    millis = conf.getLong(MILLIS, millis);
  }

  @Override
  public URI getUri() {
    return ROOT;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    pause();
    return super.open(f, bufferSize);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    pause();
    return super.getFileStatus(f);
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while simulating latency", e);
    }
  }
}
