package io.robustness.jobs.dataset;

import io.robustness.jobs.config.Keys;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The Parquet files of a dataset (its files, not its rows): one file, or every file below a folder
 * or prefix that Spark itself would read (not hidden, not {@code _SUCCESS} or {@code _metadata}).
 */
final class ParquetFiles {

  private ParquetFiles() {}

  static DataFiles of(String uri, Configuration hadoop) throws IOException {
    // Like Spark, pass over _SUCCESS, _metadata and hidden files without counting them.
    DataFiles listed =
        DataFiles.list(uri, hadoop, relative -> hidden(relative) ? DataFiles.IGNORE : null);
    if (listed.problem() == null && listed.files().isEmpty()) {
      return new DataFiles(
          List.of(),
          "",
          listed.skipped(),
          Keys.DATASET_URI + " = " + uri + " holds no Parquet files");
    }
    return listed;
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

  /** Hidden the way Spark's file index sees it; partition folders like {@code _x=1} are not. */
  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith("_") && !part.contains("=") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
