package io.robustness.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's latency file system serves the local disk under its own scheme. */
class DelayedFileSystemTest {

  @Test
  void readsAndListsLocalFilesUnderTheDelayedScheme(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "hello");
    Configuration conf = new Configuration();
    conf.set("fs.delayed.impl", DelayedFileSystem.class.getName());
    conf.setLong(DelayedFileSystem.MILLIS, 1);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path("delayed://" + file);
    FileSystem fs = path.getFileSystem(conf);
    assertThat(fs).isInstanceOf(DelayedFileSystem.class);
    assertThat(fs.getFileStatus(path).getLen()).isEqualTo(5);
    try (InputStream in = fs.open(path)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("hello");
    }
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("delayed://" + dir)))
        .extracting(s -> s.getPath().toUri().getScheme())
        .containsExactly("delayed");
  }
}
