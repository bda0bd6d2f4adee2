package io.robustness.jobs.tables;

import io.robustness.jobs.store.RetryingFileSystem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files an attempt commits outside the tables (a hardened model): staged beside their target as a
 * hidden {@code .<name>.<attempt>.staged} so that the commit's move is a rename, the replaced file
 * kept as {@code .<name>.<attempt>.previous} until the commit ends. Each is registered in the
 * attempt's staging folder before it is written, so that whoever cleans the attempt up, itself or
 * the next owner, finds it.
 */
final class StagedFiles {

  private static final String FOLDER = "_files";

  private StagedFiles() {}

  /** Registers {@code target} and returns the move from its staged copy to it. */
  static CommitJournal.Move register(
      FileSystem fs, Path attemptStaging, Path target, String attempt, Configuration hadoop)
      throws IOException {
    Path qualified = target.getFileSystem(hadoop).makeQualified(target);
    Path folder = new Path(attemptStaging, FOLDER);
    int n = fs.exists(folder) ? fs.listStatus(folder).length : 0;
    RetryingFileSystem.of(fs)
        .writeAll(
            new Path(folder, n + ".txt"),
            qualified.toString().getBytes(StandardCharsets.UTF_8),
            false);
    return new CommitJournal.Move(hidden(qualified, attempt, "staged"), qualified);
  }

  static Path previous(Path target, String attempt) {
    return hidden(target, attempt, "previous");
  }

  /** Deletes the staged and previous copies of every file the attempt registered. */
  static void removeAll(FileSystem fs, Path attemptStaging, Configuration hadoop)
      throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(new Path(attemptStaging, FOLDER));
    } catch (FileNotFoundException e) {
      return;
    }
    String attempt = attemptStaging.getName();
    for (FileStatus entry : entries) {
      Path target =
          new Path(
              new String(
                  RetryingFileSystem.of(fs).readAll(entry.getPath()), StandardCharsets.UTF_8));
      FileSystem targetFs = RetryingFileSystem.of(target.getFileSystem(hadoop));
      targetFs.delete(hidden(target, attempt, "staged"), false);
      targetFs.delete(hidden(target, attempt, "previous"), false);
    }
  }

  private static Path hidden(Path target, String attempt, String kind) {
    return new Path(target.getParent(), "." + target.getName() + "." + attempt + "." + kind);
  }
}
