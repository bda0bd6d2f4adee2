package io.robustness.jobs.audit;

import io.robustness.core.dataset.BracePattern;
import io.robustness.jobs.config.Keys;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

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
      return new ShardListing(
          List.of(qualified),
          qualified.substring(0, qualified.lastIndexOf('/') + 1),
          Map.of(),
          null);
    }
    List<String> shards = new ArrayList<>();
    Map<String, Long> skipped = new TreeMap<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), true);
    String prefix = qualified.replaceFirst("/*$", "/");
    while (files.hasNext()) {
      String file = files.next().getPath().toString();
      String relative = file.startsWith(prefix) ? file.substring(prefix.length()) : file;
      if (isHidden(relative)) {
        skipped.merge(SkipReasons.HIDDEN, 1L, Long::sum);
      } else if (!file.toLowerCase(Locale.ROOT).endsWith(TAR)) {
        skipped.merge(SkipReasons.EXTENSION, 1L, Long::sum);
      } else {
        shards.add(file);
      }
    }
    if (shards.isEmpty()) {
      return problem(
          Keys.DATASET_URI
              + " = "
              + uri
              + " holds no .tar shards (skipped: "
              + skipped
              + "): check the path, or name the shards with a pattern like train-{000..099}.tar");
    }
    shards.sort(null);
    return new ShardListing(shards, prefix, skipped, null);
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
