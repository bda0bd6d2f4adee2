package io.robustness.jobs.dataset;

import io.robustness.jobs.config.Keys;
import io.robustness.jobs.store.RetryingFileSystem;
import io.robustness.jobs.store.StoreRetry;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists {@code <root>/<class-name>/...}: java.nio on local disks, one recursive Hadoop listing
 * elsewhere (a flat listing on object stores). Folders whose name is not a class are problems,
 * reported before any work starts.
 */
public final class ClassFolderListing {

  private ClassFolderListing() {}

  public static Listing list(
      String rootUri,
      List<String> classes,
      List<String> extensions,
      int target,
      Configuration hadoop)
      throws IOException {
    Path root = new Path(rootUri);
    FileSystem fs = RetryingFileSystem.of(root.getFileSystem(hadoop));
    Path qualified = fs.makeQualified(root);
    try {
      if (!fs.getFileStatus(qualified).isDirectory()) {
        return problem(
            Keys.DATASET_URI + " = " + rootUri + " is a file, not a folder of class folders");
      }
    } catch (FileNotFoundException e) {
      return problem(
          Keys.DATASET_URI + " = " + rootUri + " does not exist: check the path or bucket");
    }
    String prefix = qualified.toString().replaceFirst("/*$", "/");
    List<WorkItem> items = new ArrayList<>();
    Map<String, Long> skipped = new TreeMap<>();
    TreeSet<String> unknownFolders = new TreeSet<>();
    for (Map.Entry<String, Long> file : relativeFiles(fs, qualified).entrySet()) {
      String relative = file.getKey();
      String[] parts = relative.split("/");
      String skip = skipReason(relative, parts, extensions);
      if (skip != null) {
        skipped.merge(skip, 1L, Long::sum);
        continue;
      }
      int label = classes.indexOf(parts[0]);
      if (label < 0) {
        unknownFolders.add(parts[0]);
        continue;
      }
      items.add(new WorkItem(prefix + relative, label, target, file.getValue()));
    }
    items.sort(Comparator.comparing(WorkItem::path));
    List<String> problems = new ArrayList<>();
    for (String folder : unknownFolders) {
      problems.add(
          String.format(
              Locale.ROOT,
              "dataset folder %s/%s is not a class of %s %s: rename it to one of them, add it "
                  + "to the list in the model's output order, or move it out of the dataset",
              rootUri,
              folder,
              Keys.MODEL_CLASSES,
              classes));
    }
    return new Listing(items, skipped, problems);
  }

  /** Class folders listed at once; object stores answer each LIST in tens of milliseconds. */
  static final int LISTING_THREADS = 16;

  /**
   * Every file below {@code root}, as a '/'-separated path relative to it, with its length: one
   * listing of the root's entries, then each sub-folder (a class folder, mostly) listed on its own
   * thread, so that a bucket with many classes is listed in parallel streams of pages. Only paths
   * and lengths are kept, never Hadoop's status objects. Local folders are walked with java.nio:
   * Hadoop's local listing asks every file for its permissions, which without its native library
   * forks a process per file. Elsewhere each folder gets one recursive listing (a flat, paged LIST
   * on object stores), whose lengths spare a HEAD per image when it is read.
   */
  private static Map<String, Long> relativeFiles(FileSystem fs, Path root) throws IOException {
    FileSystem plain = fs instanceof FilterFileSystem f ? f.getRawFileSystem() : fs;
    boolean local = plain instanceof LocalFileSystem || plain instanceof RawLocalFileSystem;
    Map<String, Long> out = new ConcurrentHashMap<>();
    List<String> folders = new ArrayList<>();
    for (FileStatus entry : fs.listStatus(root)) {
      String name = entry.getPath().getName();
      if (entry.isDirectory()) {
        folders.add(name);
      } else {
        out.put(name, entry.getLen());
      }
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(LISTING_THREADS, folders.size())));
    try {
      List<Future<?>> listed = new ArrayList<>();
      for (String folder : folders) {
        Path sub = new Path(root, folder);
        listed.add(
            pool.submit(
                () -> {
                  if (local) {
                    walkLocal(sub, folder + "/", out);
                  } else {
                    // A listing cut short by the store is listed again; entries are overwritten.
                    StoreRetry.call(
                        "listing " + sub,
                        () -> {
                          listRemote(fs, sub, folder + "/", out);
                          return null;
                        });
                  }
                  return null;
                }));
      }
      for (Future<?> f : listed) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static void walkLocal(Path folder, String prefix, Map<String, Long> out)
      throws IOException {
    java.nio.file.Path base = java.nio.file.Path.of(folder.toUri().getPath());
    Files.walkFileTree(
        base,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(java.nio.file.Path f, BasicFileAttributes a) {
            if (a.isRegularFile()) {
              out.put(
                  prefix + base.relativize(f).toString().replace(File.separatorChar, '/'),
                  a.size());
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void listRemote(FileSystem fs, Path folder, String prefix, Map<String, Long> out)
      throws IOException {
    String base = folder.toUri().getPath().replaceFirst("/*$", "/");
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
    while (files.hasNext()) {
      LocatedFileStatus status = files.next();
      out.put(
          prefix + status.getPath().toUri().getPath().substring(base.length()), status.getLen());
    }
  }

  private static void await(Future<?> listed) throws IOException {
    try {
      listed.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  private static String skipReason(String relative, String[] parts, List<String> extensions) {
    if (SkipReasons.isHiddenPath(relative)) {
      return SkipReasons.HIDDEN;
    }
    if (parts.length < 2) {
      return SkipReasons.OUTSIDE_CLASS_FOLDER;
    }
    String name = parts[parts.length - 1];
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return extensions.contains(extension) ? null : SkipReasons.EXTENSION;
  }

  private static Listing problem(String message) {
    return new Listing(List.of(), Map.of(), List.of(message));
  }
}
