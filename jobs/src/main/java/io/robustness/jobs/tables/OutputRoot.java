package io.robustness.jobs.tables;

import io.robustness.jobs.store.RetryingFileSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * The output root of the tables, qualified, with the file system it lives on (its metadata calls
 * retried on passing store failures), and where each part of a run lives under it: one place for
 * the layout that the committer, the reader and retention share.
 */
record OutputRoot(FileSystem fs, Path root) {

  private static final String STAGING = "_staging";
  private static final String LEASES = "_leases";

  static OutputRoot open(SparkSession spark, String outputUri) {
    return open(spark.sparkContext().hadoopConfiguration(), outputUri);
  }

  /** Before Spark starts, with the Hadoop settings it will have. */
  static OutputRoot open(org.apache.hadoop.conf.Configuration hadoop, String outputUri) {
    try {
      Path output = new Path(outputUri);
      FileSystem fs = RetryingFileSystem.of(output.getFileSystem(hadoop));
      return new OutputRoot(fs, fs.makeQualified(output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the output " + outputUri, e);
    }
  }

  Path table(String table) {
    return new Path(root, table);
  }

  /** A run's partition of a table: {@code <root>/<table>/run_id=<id>}. */
  Path partition(String table, String runId) {
    return new Path(table(table), Tables.RUN_ID + "=" + runId);
  }

  /** The run partitions of a table; none when the table has no folder yet. */
  FileStatus[] partitions(String table) throws IOException {
    Path folder = table(table);
    if (!fs.exists(folder)) {
      return new FileStatus[0];
    }
    return fs.listStatus(folder, p -> p.getName().startsWith(Tables.RUN_ID + "="));
  }

  /** The run id a partition folder holds. */
  static String runIdOf(Path partition) {
    return partition.getName().substring(Tables.RUN_ID.length() + 1);
  }

  /** Where the attempts of a run stage their tables. */
  Path staging(String runId) {
    return new Path(stagingRoot(), runId);
  }

  Path stagingRoot() {
    return new Path(root, STAGING);
  }

  /** Where the attempts of a run claim it: the folder {@code <root>/_leases/<run_id>/}. */
  Path lease(String runId) {
    return new Path(new Path(root, LEASES), runId);
  }

  /** The run's report when robustness.report.uri is empty. */
  Path defaultReport(String runId) {
    return new Path(new Path(root, Tables.REPORTS), Tables.reportFileName(runId));
  }

  /**
   * Removes a folder with nothing left in it: readers then say "no such table", not "cannot infer
   * schema".
   */
  void deleteIfEmpty(Path dir) {
    removeIfEmpty(fs, dir);
  }

  /**
   * Removes {@code dir} if it is empty, atomically: another run or attempt may be writing into it
   * right now, and then the removal must fail rather than take that file with it. Hadoop's local
   * file system checks for emptiness and then deletes recursively, so local folders are removed
   * with the operating system's rmdir; HDFS and S3A refuse a non-recursive delete of a non-empty
   * folder.
   */
  static void removeIfEmpty(FileSystem fs, Path dir) {
    FileSystem plain = fs instanceof FilterFileSystem filter ? filter.getRawFileSystem() : fs;
    try {
      if (plain instanceof LocalFileSystem local) {
        java.nio.file.Files.delete(local.pathToFile(dir).toPath());
      } else if (plain instanceof RawLocalFileSystem raw) {
        java.nio.file.Files.delete(raw.pathToFile(dir).toPath());
      } else {
        fs.delete(dir, false);
      }
    } catch (IOException notEmptyOrGone) {
      // Something is in it, or it is gone already: either way, leave it.
    }
  }
}
