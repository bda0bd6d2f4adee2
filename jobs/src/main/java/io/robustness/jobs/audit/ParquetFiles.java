package io.robustness.jobs.audit;

import io.robustness.jobs.config.Keys;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The Parquet files of a dataset (its files, not its rows): one file, or every file below a folder
 * or prefix that Spark itself would read (not hidden, not {@code _SUCCESS} or {@code _metadata}).
 *
 * @param root the folder the files (and partition folders like {@code split=test/}) are under
 */
record ParquetFiles(List<String> files, String root, Map<String, Long> skipped, String problem) {

  static ParquetFiles of(String uri, Configuration hadoop) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(hadoop);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      return problem(Keys.DATASET_URI + " = " + uri + " does not exist: check the path or bucket");
    }
    String qualified = status.getPath().toString();
    if (!status.isDirectory()) {
      return new ParquetFiles(
          List.of(qualified),
          qualified.substring(0, qualified.lastIndexOf('/') + 1),
          Map.of(),
          null);
    }
    String prefix = qualified.replaceFirst("/*$", "/");
    List<String> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> listed = fs.listFiles(status.getPath(), true);
    while (listed.hasNext()) {
      String file = listed.next().getPath().toString();
      String relative = file.startsWith(prefix) ? file.substring(prefix.length()) : file;
      // Like Spark, pass over _SUCCESS, _metadata and hidden files without counting them.
      if (!hidden(relative)) {
        files.add(file);
      }
    }
    if (files.isEmpty()) {
      return problem(Keys.DATASET_URI + " = " + uri + " holds no Parquet files");
    }
    files.sort(null);
    return new ParquetFiles(files, prefix, Map.of(), null);
  }

  /**
   * Opens the file's footer: a file cut short (a partial upload) or that is not Parquet fails here,
   * by name, instead of failing the whole read later.
   *
   * @return null when the footer reads, else what is wrong
   */
  static String footerProblem(String file, Configuration hadoop) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), hadoop))) {
      reader.getRecordCount();
      return null;
    } catch (IOException | RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith("_") && !part.contains("=") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static ParquetFiles problem(String message) {
    return new ParquetFiles(List.of(), "", Map.of(), message);
  }
}
