package io.robustness.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store calls retried on passing failures only, and renames that copied before failing. */
class RetryingFileSystemTest {

  @TempDir java.nio.file.Path dir;

  /** Local files, whose next calls fail as the AWS SDK lets a reset mid-response through. */
  private static final class Flaky extends FilterFileSystem {
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    Flaky() throws IOException {
      super(FileSystem.getLocal(new Configuration()));
    }

    private void maybeFail() {
      calls.incrementAndGet();
      if (failuresLeft.getAndDecrement() > 0) {
        throw new UncheckedIOException(new SocketException("Connection reset"));
      }
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      maybeFail();
      return super.listStatus(f);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
      // Copies, then fails before the source is deleted, as an S3 rename cut short.
      if (failuresLeft.get() > 0) {
        Files.copy(java.nio.file.Path.of(src.toUri()), java.nio.file.Path.of(dst.toUri()));
        maybeFail();
      }
      return super.rename(src, dst);
    }
  }

  @Test
  void aPassingFailureIsRetriedAndAMissingFileIsNot() throws Exception {
    Flaky flaky = new Flaky();
    RetryingFileSystem fs = RetryingFileSystem.of(flaky);
    Path folder = new Path(dir.toUri());
    flaky.failuresLeft.set(2);
    assertThat(fs.listStatus(folder)).isEmpty();
    assertThat(flaky.calls.get()).isEqualTo(3);

    flaky.calls.set(0);
    assertThatThrownBy(() -> fs.listStatus(new Path(folder, "missing")))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(flaky.calls.get()).isEqualTo(1);
  }

  @Test
  void aFailureThatLastsIsThrownAfterTheLastTry() throws Exception {
    Flaky flaky = new Flaky();
    flaky.failuresLeft.set(100);
    assertThatThrownBy(() -> RetryingFileSystem.of(flaky).listStatus(new Path(dir.toUri())))
        .isInstanceOf(SocketException.class);
    assertThat(flaky.calls.get()).isEqualTo(StoreRetry.TRIES);
  }

  @Test
  void aRenameThatCopiedBeforeFailingIsFinishedByItsRetry() throws Exception {
    Flaky flaky = new Flaky();
    RetryingFileSystem fs = RetryingFileSystem.of(flaky);
    Path src = new Path(dir.resolve("a").toUri());
    Path dst = new Path(dir.resolve("b").toUri());
    fs.writeAll(src, "whole".getBytes(StandardCharsets.UTF_8), false);
    flaky.failuresLeft.set(1);

    assertThat(fs.rename(src, dst)).isTrue();
    assertThat(fs.exists(src)).isFalse();
    assertThat(new String(fs.readAll(dst), StandardCharsets.UTF_8)).isEqualTo("whole");
  }

  @Test
  void aStoppingThreadRetriesNothing() {
    Thread.currentThread().interrupt();
    try {
      assertThat(StoreErrors.isPassing(new UncheckedIOException(new SocketException("reset"))))
          .isFalse();
    } finally {
      Thread.interrupted();
    }
    assertThat(StoreErrors.isPassing(new UncheckedIOException(new SocketException("reset"))))
        .isTrue();
  }
}
