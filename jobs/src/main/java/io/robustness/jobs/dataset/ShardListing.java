package io.robustness.jobs.dataset;

import io.robustness.core.dataset.BracePattern;
import io.robustness.jobs.config.Keys;
import io.robustness.jobs.store.RetryingFileSystem;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The shards of a WebDataset: the names a brace pattern spells (not listed: a missing shard is an
 * errors row when it is read), a single shard, or every {@code .tar} below a folder or prefix
 * (other files skipped and counted). The result is a {@link DataFiles}: its files are the shards,
 * its root the folder their ids are relative to.
 */
final class ShardListing {

  private static final String TAR = ".tar";

  private ShardListing() {}

  static DataFiles of(String uri, Configuration hadoop) throws IOException {
    if (BracePattern.hasBraces(uri)) {
      // Qualified like listed files (file:/..., s3a://bucket/...), without asking the store.
      int slash = uri.lastIndexOf('/', uri.indexOf('{'));
      Path folder = new Path(slash < 0 ? "." : uri.substring(0, slash + 1));
      FileSystem fs = RetryingFileSystem.of(folder.getFileSystem(hadoop));
      List<String> shards =
          BracePattern.expand(uri).stream()
              .map(name -> fs.makeQualified(new Path(name)).toString())
              .toList();
      return new DataFiles(shards, fs.makeQualified(folder) + "/", Map.of(), null);
    }
    DataFiles listed =
        DataFiles.list(
            uri,
            hadoop,
            relative ->
                SkipReasons.isHiddenPath(relative)
                    ? SkipReasons.HIDDEN
                    : relative.toLowerCase(Locale.ROOT).endsWith(TAR)
                        ? null
                        : SkipReasons.EXTENSION);
    if (listed.problem() != null) {
      return listed;
    }
    if (listed.files().isEmpty()) {
      return problem(
          Keys.DATASET_URI
              + " = "
              + uri
              + " holds no .tar shards (skipped: "
              + listed.skipped()
              + "): check the path, or name the shards with a pattern like train-{000..099}.tar");
    }
    return listed;
  }

  private static DataFiles problem(String message) {
    return new DataFiles(List.of(), "", Map.of(), message);
  }
}
