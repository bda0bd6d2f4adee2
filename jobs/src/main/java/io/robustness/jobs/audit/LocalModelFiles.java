package io.robustness.jobs.audit;

import io.robustness.core.model.FileDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes a model URI a local file DJL can load: local files are used in place; anything else (s3a,
 * hdfs) is copied once per JVM into {@code java.io.tmpdir/robustness-models}, named after URI,
 * length and modification time, so every task of the executor loads the same file and the model
 * cache sees one key.
 */
public final class LocalModelFiles {

  private static final Object COPY_LOCK = new Object();

  private LocalModelFiles() {}

  public static java.nio.file.Path fetch(String uri, Configuration hadoop) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(hadoop);
    FileStatus status = fs.getFileStatus(path);
    if (fs instanceof LocalFileSystem local) {
      return local.pathToFile(fs.makeQualified(path)).toPath();
    }
    String key =
        FileDigest.sha256(
            (status.getPath() + "|" + status.getLen() + "|" + status.getModificationTime())
                .getBytes(StandardCharsets.UTF_8));
    java.nio.file.Path dir =
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "robustness-models");
    java.nio.file.Path target = dir.resolve(key.substring(0, 32) + ".pt");
    synchronized (COPY_LOCK) {
      if (Files.isRegularFile(target) && Files.size(target) == status.getLen()) {
        return target;
      }
      Files.createDirectories(dir);
      java.nio.file.Path partial = Files.createTempFile(dir, "download-", ".part");
      try (InputStream in = fs.open(path)) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    }
  }
}
