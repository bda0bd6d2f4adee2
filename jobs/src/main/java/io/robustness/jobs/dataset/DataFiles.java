package io.robustness.jobs.dataset;

import io.robustness.jobs.config.Keys;
import io.robustness.jobs.store.RetryingFileSystem;
import io.robustness.jobs.store.StoreRetry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The data files a dataset URI names: the file itself, or every file below a folder or prefix (one
 * recursive listing, a flat paged LIST on object stores) that a rule keeps, sorted; only their
 * qualified names are kept.
 *
 * @param root the folder the files are under, ending in '/'
 * @param skipped files the rule passed over, by reason
 * @param problem why the URI names no file (missing), or null
 */
record DataFiles(List<String> files, String root, Map<String, Long> skipped, String problem) {

  /**
   * @param skipReason for a path relative to the folder: why to skip it (counted), {@link #IGNORE}
   *     (not counted), or null to keep it
   */
  static DataFiles list(String uri, Configuration hadoop, Function<String, String> skipReason)
      throws IOException {
    Path path = new Path(uri);
    FileSystem fs = RetryingFileSystem.of(path.getFileSystem(hadoop));
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      return new DataFiles(
          List.of(),
          "",
          Map.of(),
          Keys.DATASET_URI + " = " + uri + " does not exist: check the path or bucket");
    }
    String qualified = status.getPath().toString();
    if (!status.isDirectory()) {
      return new DataFiles(
          List.of(qualified),
          qualified.substring(0, qualified.lastIndexOf('/') + 1),
          Map.of(),
          null);
    }
    String prefix = qualified.replaceFirst("/*$", "/");
    List<String> files = new ArrayList<>();
    Map<String, Long> skipped = new TreeMap<>();
    // A listing cut short by the store is listed again from the start.
    StoreRetry.call(
        "listing " + status.getPath(),
        () -> {
          files.clear();
          skipped.clear();
          RemoteIterator<LocatedFileStatus> listed = fs.listFiles(status.getPath(), true);
          while (listed.hasNext()) {
            String file = listed.next().getPath().toString();
            String reason =
                skipReason.apply(file.startsWith(prefix) ? file.substring(prefix.length()) : file);
            if (reason == null) {
              files.add(file);
            } else if (!IGNORE.equals(reason)) {
              skipped.merge(reason, 1L, Long::sum);
            }
          }
          return null;
        });
    files.sort(null);
    return new DataFiles(files, prefix, skipped, null);
  }

  /** A skip reason meaning: pass over without counting. */
  static final String IGNORE = "";
}
