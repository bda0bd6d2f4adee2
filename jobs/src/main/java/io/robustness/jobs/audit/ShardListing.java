package io.robustness.jobs.audit;

import io.robustness.core.dataset.BracePattern;
import io.robustness.jobs.config.Keys;
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
 * (other files skipped and counted).
 *
 * @param root the folder the shards' ids are relative to
 */
record ShardListing(List<String> shards, String root, Map<String, Long> skipped, String problem) {

  private static final String TAR = ".tar";

  static ShardListing of(String uri, Configuration hadoop) throws IOException {
    if (BracePattern.hasBraces(uri)) {
      // Qualified like listed files (file:/..., s3a://bucket/...), without asking the store.
      int slash = uri.lastIndexOf('/', uri.indexOf('{'));
      Path folder = new Path(slash < 0 ? "." : uri.substring(0, slash + 1));
      FileSystem fs = folder.getFileSystem(hadoop);
      List<String> shards =
          BracePattern.expand(uri).stream()
              .map(name -> fs.makeQualified(new Path(name)).toString())
              .toList();
      return new ShardListing(shards, fs.makeQualified(folder) + "/", Map.of(), null);
    }
    DataFiles listed =
        DataFiles.list(
            uri,
            hadoop,
            relative ->
                isHidden(relative)
                    ? SkipReasons.HIDDEN
                    : relative.toLowerCase(Locale.ROOT).endsWith(TAR)
                        ? null
                        : SkipReasons.EXTENSION);
    if (listed.problem() != null) {
      return problem(listed.problem());
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
    return new ShardListing(listed.files(), listed.root(), listed.skipped(), null);
  }

  private static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (SkipReasons.isHidden(part)) {
        return true;
      }
    }
    return false;
  }

  private static ShardListing problem(String message) {
    return new ShardListing(List.of(), "", Map.of(), message);
  }
}
