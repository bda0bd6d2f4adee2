package io.robustness.jobs.dataset;

import io.robustness.core.image.FailureReason;
import io.robustness.jobs.config.Keys;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FutureDataInputStreamBuilder;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.functional.FutureIO;

/**
 * Reads one image's bytes through the Hadoop FileSystem API. An I/O error is retried a few times in
 * place (object stores have passing faults); a file that vanished or may not be read, or that keeps
 * failing, is reported as an {@link IOException} for the caller to record. Unchecked exceptions are
 * not caught: they fail the task, which Spark retries.
 */
public final class ImageReader {

  static final int ATTEMPTS = 3;
  private static final String LOCAL_SCHEME = "file";
  private static final long FIRST_BACKOFF_MILLIS = 200;

  private final Configuration hadoop;
  private final long byteLimit;
  private final boolean plainLocalFiles;

  public ImageReader(Configuration hadoop, long maxPixels) {
    this.hadoop = hadoop;
    this.byteLimit = byteLimit(maxPixels);
    this.plainLocalFiles = isPlainLocal(hadoop);
  }

  /**
   * The most bytes one encoded image may have: a compressed image is smaller than 8 bytes per pixel
   * (16-bit RGBA), however large it may decode. Tar members are held to it too.
   */
  static long byteLimit(long maxPixels) {
    return Math.min(Integer.MAX_VALUE - 64L, Math.max(64L << 20, maxPixels * 8));
  }

  public byte[] read(String uri) throws IOException {
    return read(uri, -1);
  }

  /**
   * @param knownLength the file's length from the listing, or -1: when known, an object store needs
   *     one request per image (the GET) instead of two (a HEAD first)
   */
  public byte[] read(String uri, long knownLength) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return readOnce(uri, knownLength);
      } catch (FileNotFoundException | AccessControlException | TooLargeException e) {
        throw e;
      } catch (IOException e) {
        last = e;
        if (attempt < ATTEMPTS) {
          pause(FIRST_BACKOFF_MILLIS << (attempt - 1));
        }
      }
    }
    throw new IOException("failed " + ATTEMPTS + " times, last: " + last.getMessage(), last);
  }

  private byte[] readOnce(String uri, long knownLength) throws IOException {
    Path path = new Path(uri);
    if (plainLocalFiles && LOCAL_SCHEME.equals(path.toUri().getScheme())) {
      return readLocal(java.nio.file.Path.of(path.toUri().getPath()));
    }
    FileSystem fs = path.getFileSystem(hadoop);
    FutureDataInputStreamBuilder open =
        fs.openFile(path).opt(Options.OpenFileOptions.FS_OPTION_OPENFILE_READ_POLICY, "whole-file");
    long length = knownLength;
    if (length < 0) {
      FileStatus status = fs.getFileStatus(path);
      length = status.getLen();
      open = open.withFileStatus(status);
    } else {
      open = open.opt(Options.OpenFileOptions.FS_OPTION_OPENFILE_LENGTH, length);
    }
    checkLength(length);
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = FutureIO.awaitFuture(open.build())) {
      in.readFully(bytes);
    }
    return bytes;
  }

  /**
   * Local files directly: Hadoop's local file system checksums every read (it looks for a .crc
   * beside each image) and costs a status call per file.
   */
  private byte[] readLocal(java.nio.file.Path file) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      checkLength(channel.size());
      ByteBuffer bytes = ByteBuffer.allocate((int) channel.size());
      while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
        // keep reading: a channel may return fewer bytes than asked
      }
      return bytes.array();
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(file + " does not exist");
    }
  }

  /** True unless file: is served by another implementation (a test's, a user's). */
  static boolean isPlainLocal(Configuration hadoop) {
    try {
      return FileSystem.getFileSystemClass(LOCAL_SCHEME, hadoop) == LocalFileSystem.class;
    } catch (IOException e) {
      return false;
    }
  }

  private void checkLength(long length) throws TooLargeException {
    if (length > byteLimit) {
      throw new TooLargeException(
          String.format(
              Locale.ROOT,
              "the file has %,d bytes, above the read limit of %,d bytes derived from %s",
              length,
              byteLimit,
              Keys.DATASET_MAX_PIXELS));
    }
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while retrying a read", e);
    }
  }

  /** Not worth retrying. */
  static final class TooLargeException extends FailureReason.ReadFailure {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(FailureReason.TOO_LARGE, message);
    }
  }
}
