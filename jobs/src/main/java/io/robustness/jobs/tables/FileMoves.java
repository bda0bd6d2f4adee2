package io.robustness.jobs.tables;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves a file or a folder's files one file at a time, so that a move cut short anywhere (a crash,
 * a store error, an S3 rename that copied but did not delete) can be finished, or undone by moving
 * back, by calling it again. A single file rename is atomic on local disks and HDFS and a copy then
 * a delete on S3; a folder rename is neither everywhere, hence file by file.
 */
final class FileMoves {

  private FileMoves() {}

  /**
   * Moves {@code src} (a file, or a folder's files keeping their relative paths) to {@code dst},
   * then removes {@code src}. Nothing at {@code src}: nothing to do. A file already at its target
   * is taken as moved (its rename copied and stopped before deleting the source).
   */
  static void move(FileSystem fs, Path src, Path dst) throws IOException {
    FileStatus from;
    try {
      from = fs.getFileStatus(src);
    } catch (FileNotFoundException e) {
      return;
    }
    if (from.isFile()) {
      moveFile(fs, src, dst);
      return;
    }
    fs.mkdirs(dst);
    for (FileStatus f : files(fs, src)) {
      moveFile(fs, f.getPath(), new Path(dst, relative(src, f.getPath())));
    }
    if (!fs.delete(src, true) && fs.exists(src)) {
      throw new IOException("could not remove " + src + " after moving its files to " + dst);
    }
  }

  private static void moveFile(FileSystem fs, Path src, Path dst) throws IOException {
    if (fs.exists(dst)) {
      fs.delete(src, false);
      return;
    }
    fs.mkdirs(dst.getParent());
    if (!fs.rename(src, dst)) {
      throw new IOException("could not move " + src + " to " + dst);
    }
  }

  /**
   * Every file under {@code folder}, recursively. {@code listStatus}, not {@code listFiles}: the
   * latter makes Hadoop's local file system fork a process per file to read permissions.
   */
  static List<FileStatus> files(FileSystem fs, Path folder) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    List<Path> pending = new ArrayList<>(List.of(folder));
    while (!pending.isEmpty()) {
      Path dir = pending.remove(pending.size() - 1);
      FileStatus[] children;
      try {
        children = fs.listStatus(dir);
      } catch (FileNotFoundException e) {
        continue;
      }
      for (FileStatus c : children) {
        if (c.isDirectory()) {
          pending.add(c.getPath());
        } else {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static String relative(Path root, Path file) {
    String base = root.toUri().getPath();
    String path = file.toUri().getPath();
    if (!path.startsWith(base + "/")) {
      throw new IllegalStateException(file + " is not under " + root);
    }
    return path.substring(base.length() + 1);
  }
}
