package io.robustness.jobs.runtime;

import io.robustness.core.model.FileDigest;
import io.robustness.jobs.store.RetryingFileSystem;
import io.robustness.jobs.store.StoreRetry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a model URI a local file DJL can load: local files are used in place; anything else (s3a,
 * hdfs) is copied once per JVM into {@code java.io.tmpdir/robustness-models-<pid>/}, named after
 * URI, length and modification time, so every task of the executor loads the same file and the
 * model cache sees one key. The folder goes when the JVM exits; folders of JVMs that died without
 * exiting (SIGKILL) are removed by the next JVM on the host that copies a model.
 */
public final class LocalModelFiles {

  private static final Logger LOG = LoggerFactory.getLogger(LocalModelFiles.class);
  private static final String PREFIX = "robustness-models-";
  private static final Object COPY_LOCK = new Object();
  private static java.nio.file.Path folder;

  private LocalModelFiles() {}

  public static java.nio.file.Path fetch(String uri, Configuration hadoop) throws IOException {
    Path path = new Path(uri);
    FileSystem plain = path.getFileSystem(hadoop);
    FileSystem fs = RetryingFileSystem.of(plain);
    FileStatus status = fs.getFileStatus(path);
    if (plain instanceof LocalFileSystem local) {
      return local.pathToFile(plain.makeQualified(path)).toPath();
    }
    String key =
        FileDigest.sha256(
            (status.getPath() + "|" + status.getLen() + "|" + status.getModificationTime())
                .getBytes(StandardCharsets.UTF_8));
    synchronized (COPY_LOCK) {
      java.nio.file.Path dir = folder();
      java.nio.file.Path target = dir.resolve(key.substring(0, 32) + ".pt");
      if (Files.isRegularFile(target) && Files.size(target) == status.getLen()) {
        return target;
      }
      java.nio.file.Path partial = Files.createTempFile(dir, "download-", ".part");
      try {
        // Copied again from the start if the store fails midway.
        StoreRetry.call(
            "copying model " + uri,
            () -> {
              try (InputStream in = fs.open(path)) {
                return Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
              }
            });
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    }
  }

  /** This JVM's folder of copies, made on first use, with its removal at exit. */
  private static java.nio.file.Path folder() throws IOException {
    if (folder == null) {
      java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
      removeFoldersOfDeadJvms(tmp);
      folder = Files.createDirectories(tmp.resolve(PREFIX + ProcessHandle.current().pid()));
      Runtime.getRuntime()
          .addShutdownHook(new Thread(LocalModelFiles::removeCopies, "remove-model-copies"));
    }
    return folder;
  }

  /** Removes this JVM's copies; the next fetch copies again. */
  static void removeCopies() {
    synchronized (COPY_LOCK) {
      if (folder != null) {
        deleteTree(folder);
        folder = null;
      }
    }
  }

  private static void removeFoldersOfDeadJvms(java.nio.file.Path tmp) throws IOException {
    try (Stream<java.nio.file.Path> dirs = Files.list(tmp)) {
      for (java.nio.file.Path d : dirs.toList()) {
        String name = d.getFileName().toString();
        if (name.startsWith(PREFIX) && !alive(name.substring(PREFIX.length()))) {
          LOG.info("removing model copies of a JVM that is gone: {}", d);
          deleteTree(d);
        }
      }
    }
  }

  private static boolean alive(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static void deleteTree(java.nio.file.Path root) {
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      for (java.nio.file.Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not remove model copies in {}: {}", root, e.getMessage());
    }
  }
}
