package io.robustness.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkFreeLocalFileSystemTest {

  @TempDir java.nio.file.Path dir;

  @Test
  void isEveryConfigurationsLocalFileSystemOnceInstalled() throws Exception {
    ForkFreeLocalFileSystem.installAsDefault();
    Configuration conf = new Configuration();
    assertThat(conf.get(ForkFreeLocalFileSystem.IMPL_KEY))
        .isEqualTo(ForkFreeLocalFileSystem.class.getName());
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
      assertThat(fs).isInstanceOf(ForkFreeLocalFileSystem.class);
    }
    // A user's own choice stays: set explicitly, it wins over the default resource.
    conf.set(ForkFreeLocalFileSystem.IMPL_KEY, "org.apache.hadoop.fs.LocalFileSystem");
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
      assertThat(fs).isNotInstanceOf(ForkFreeLocalFileSystem.class);
    }
  }

  @Test
  void createsFilesAndFoldersWithTheRequestedPermissionsAndChecksums() throws Exception {
    Configuration conf = new Configuration();
    try (FileSystem fs = new ForkFreeLocalFileSystem()) {
      fs.initialize(URI.create("file:///"), conf);
      Path folder = new Path(dir.toUri().toString(), "a/b");
      assertThat(fs.mkdirs(folder, new FsPermission((short) 0750))).isTrue();
      Path file = new Path(folder, "part-0.parquet");
      try (FSDataOutputStream out =
          fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
        out.write("rows".getBytes(StandardCharsets.UTF_8));
      }
      java.nio.file.Path local = dir.resolve("a/b");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local)))
          .isEqualTo("rwxr-x---");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(local.resolve("part-0.parquet"))))
          .isEqualTo("rw-r-----");
      assertThat(local.resolve(".part-0.parquet.crc")).exists();
      fs.setPermission(file, new FsPermission((short) 0604));
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(local.resolve("part-0.parquet"))))
          .isEqualTo("rw----r--");
    }
  }
}
