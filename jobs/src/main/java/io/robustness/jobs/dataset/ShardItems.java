package io.robustness.jobs.dataset;

import io.robustness.core.dataset.ClassCaps;
import io.robustness.core.dataset.TarSample;
import io.robustness.core.dataset.TarSampleReader;
import io.robustness.core.image.FailureReason;
import io.robustness.core.scoring.ScoredImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.functional.FutureIO;

/**
 * The work items of one WebDataset shard, streamed: one per sample in the sample, in shard order. A
 * sample without an image, or whose label is not a class, is an item with a problem; a shard that
 * cannot be opened, or that ends early, adds one item with a read problem naming the shard after
 * every sample read before it.
 */
final class ShardItems implements Iterator<WorkItem>, AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ShardItems.class);

  private static final int BUFFER = 1 << 20;
  private static final List<String> IMAGE_AND_LABEL = imageAndLabel();
  private static final List<String> LABEL_ONLY = List.of(TarSample.LABEL_EXTENSION);

  private final String shard;
  private final String root;
  private final Classes classes;
  private final int target;
  private final ClassCaps.Thresholds sample;
  private final boolean labelsOnly;
  private TarSampleReader reader;
  private WorkItem next;
  private boolean done;
  private int samplesRead;

  /**
   * @param root the dataset's root; sample ids are relative to it
   * @param sample decides which samples are kept; null keeps every one
   * @param labelsOnly read only the {@code .cls} members (the pass that sizes per-class caps)
   */
  ShardItems(
      String shard,
      String root,
      Classes classes,
      int target,
      ClassCaps.Thresholds sample,
      boolean labelsOnly,
      Configuration hadoop,
      long maxMemberBytes) {
    this.shard = shard;
    this.root = root;
    this.classes = classes;
    this.target = target;
    this.sample = sample;
    this.labelsOnly = labelsOnly;
    try {
      this.reader =
          new TarSampleReader(
              open(shard, hadoop), labelsOnly ? LABEL_ONLY : IMAGE_AND_LABEL, maxMemberBytes);
    } catch (IOException e) {
      next = shardFailure(e, "cannot be opened");
      done = true;
    }
  }

  @Override
  public boolean hasNext() {
    while (next == null && !done) {
      try {
        TarSample s = reader.next();
        if (s == null) {
          close();
        } else {
          samplesRead++;
          next = item(s);
        }
      } catch (IOException e) {
        next = shardFailure(e, "could not be read to its end after " + samplesRead + " samples");
        close();
      }
    }
    return next != null;
  }

  @Override
  public WorkItem next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    WorkItem item = next;
    next = null;
    return item;
  }

  /** The item of a sample, or null when the sample is not in the run's sample. */
  private WorkItem item(TarSample s) {
    String id = shard + "#" + s.key();
    String text = s.labelText().orElse(null);
    int label = text == null ? -1 : classes.index(text);
    if (sample != null && !sample.keeps(label, SampleIds.relative(root, id))) {
      return null;
    }
    if (label < 0) {
      return WorkItem.failed(
          id,
          -1,
          target,
          ScoredImage.Stage.LABEL,
          text == null ? FailureReason.MISSING_LABEL : FailureReason.UNKNOWN_LABEL,
          text == null
              ? "the sample has no ." + TarSample.LABEL_EXTENSION + " member"
              : "label '"
                  + text
                  + "' is neither a class name nor an index below "
                  + classes.count());
    }
    if (labelsOnly) {
      return new WorkItem(id, label, target);
    }
    if (s.problem() != null) {
      return WorkItem.failed(
          id, label, target, ScoredImage.Stage.READ, FailureReason.TOO_LARGE, s.problem());
    }
    Map.Entry<String, byte[]> image = s.image().orElse(null);
    if (image == null) {
      return WorkItem.failed(
          id,
          label,
          target,
          ScoredImage.Stage.READ,
          FailureReason.MISSING_IMAGE,
          "the sample has no " + String.join(", ", TarSample.IMAGE_EXTENSIONS) + " member");
    }
    return WorkItem.inline(id, label, target, image.getValue());
  }

  private WorkItem shardFailure(IOException e, String what) {
    return WorkItem.failed(
        shard,
        -1,
        target,
        ScoredImage.Stage.READ,
        FailureReason.UNREADABLE_SHARD,
        "shard " + shard + " " + what + ": " + e.getMessage());
  }

  private static InputStream open(String shard, Configuration hadoop) throws IOException {
    Path path = new Path(shard);
    String scheme = path.toUri().getScheme();
    if ((scheme == null || "file".equals(scheme)) && ImageReader.isPlainLocal(hadoop)) {
      try {
        return new BufferedInputStream(
            Files.newInputStream(java.nio.file.Path.of(path.toUri().getPath())), BUFFER);
      } catch (NoSuchFileException e) {
        throw new java.io.FileNotFoundException(shard + " does not exist");
      }
    }
    FileSystem fs = path.getFileSystem(hadoop);
    return new BufferedInputStream(
        FutureIO.awaitFuture(
            fs.openFile(path)
                .opt(Options.OpenFileOptions.FS_OPTION_OPENFILE_READ_POLICY, "sequential")
                .build()),
        BUFFER);
  }

  private static List<String> imageAndLabel() {
    List<String> out = new ArrayList<>(TarSample.IMAGE_EXTENSIONS);
    out.add(TarSample.LABEL_EXTENSION);
    return List.copyOf(out);
  }

  /**
   * Stops reading. Runs in a task completion listener too, where an exception would fail a task
   * whose samples were all read: a shard that cannot be closed is logged, not thrown.
   */
  @Override
  public void close() {
    done = true;
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("shard {} could not be closed: {}", shard, e.getMessage());
      }
      reader = null;
    }
  }
}
