package io.robustness.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing a lease folder: a read failed by a folder removed meanwhile is read again, a lasting
 * failure reported.
 */
class LeaseFilesTest {

  @TempDir java.nio.file.Path dir;

  /**
   * A local file system whose first {@code denials} listings fail as Hadoop's do when the folder
   * goes between its check and its read: access denied, then an I/O error, in turn.
   */
  private static final class DenyingFileSystem extends RawLocalFileSystem {
    private final AtomicInteger denials;
    final AtomicInteger listings = new AtomicInteger();

    DenyingFileSystem(int denials) throws IOException {
      this.denials = new AtomicInteger(denials);
      initialize(java.net.URI.create("file:///"), new Configuration());
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      if (denials.getAndDecrement() > 0) {
        if (listings.incrementAndGet() % 2 == 1) {
          throw new AccessDeniedException(f.toString(), null, "Permission denied");
        }
        throw new IOException("Invalid directory or I/O error occurred for dir: " + f);
      }
      listings.incrementAndGet();
      return super.listStatus(f);
    }
  }

  private Path folderWithOneClaim() throws IOException {
    Files.writeString(dir.resolve("0000000001_abc_0000000000.json"), "{}");
    return new Path(dir.toUri());
  }

  @Test
  void aPassingRefusalIsListedAgain() throws Exception {
    Path folder = folderWithOneClaim();
    DenyingFileSystem fs = new DenyingFileSystem(LeaseFiles.FAILED_LISTINGS - 1);
    assertThat(LeaseFiles.list(fs, folder).top()).isEqualTo(1);
    assertThat(fs.listings.get()).isEqualTo(LeaseFiles.FAILED_LISTINGS);
  }

  @Test
  void aLastingRefusalIsReported() throws Exception {
    Path folder = folderWithOneClaim();
    DenyingFileSystem fs = new DenyingFileSystem(Integer.MAX_VALUE);
    assertThatThrownBy(() -> LeaseFiles.list(fs, folder)).isInstanceOf(AccessDeniedException.class);
    assertThat(fs.listings.get()).isEqualTo(LeaseFiles.FAILED_LISTINGS);
  }
}
