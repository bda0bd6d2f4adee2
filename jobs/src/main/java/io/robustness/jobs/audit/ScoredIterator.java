package io.robustness.jobs.audit;

import io.robustness.core.attack.Fgsm;
import io.robustness.core.attack.ImageBatch;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.image.ImageDecodeException;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.PixelImage;
import io.robustness.core.model.ModelLease;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, decodes and attacks a partition one batch at a time. An image that cannot be read or
 * decoded becomes a failed row naming the stage and reason; the rest of its batch is scored as
 * usual. Closes the model lease when the partition is exhausted.
 */
final class ScoredIterator implements Iterator<Row> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoredIterator.class);

  static final String STAGE_READ = "read";
  static final String STAGE_DECODE = "decode";

  private final Iterator<WorkItem> items;
  private final ScoringPlan plan;
  private final ModelLease lease;
  private final String executorId;
  private final Fgsm fgsm;
  private final ImagePreprocessor preprocessor;
  private final ImageReader reader;
  private final ArrayDeque<Row> ready = new ArrayDeque<>();
  private int scored;
  private int failed;
  private boolean finished;

  ScoredIterator(
      Iterator<WorkItem> items,
      ScoringPlan plan,
      ModelLease lease,
      Configuration hadoop,
      String executorId) {
    this.items = items;
    this.plan = plan;
    this.lease = lease;
    this.executorId = executorId;
    this.fgsm = new Fgsm(plan.epsilons(), plan.mode());
    this.reader = new ImageReader(hadoop, plan.maxPixels());
    this.preprocessor =
        new ImagePreprocessor(
            plan.spec().channels(), plan.spec().height(), plan.spec().width(), plan.maxPixels());
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && items.hasNext()) {
      nextBatch();
    }
    if (ready.isEmpty()) {
      finish();
      return false;
    }
    return true;
  }

  private void finish() {
    if (!finished) {
      finished = true;
      lease.close();
      TaskContext task = TaskContext.get();
      LOG.info(
          "scored partition {} on executor {}: {} images, {} failed",
          task == null ? -1 : task.partitionId(),
          executorId,
          scored,
          failed);
    }
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void nextBatch() {
    List<WorkItem> batchItems = new ArrayList<>();
    List<PixelImage> pixels = new ArrayList<>();
    while (items.hasNext() && pixels.size() < plan.batchSize()) {
      WorkItem item = items.next();
      PixelImage image = prepare(item);
      if (image != null) {
        batchItems.add(item);
        pixels.add(image);
      }
    }
    if (pixels.isEmpty()) {
      return;
    }
    int[] labels = batchItems.stream().mapToInt(WorkItem::label).toArray();
    int[] targets = batchItems.stream().mapToInt(WorkItem::target).toArray();
    List<ImageOutcome> outcomes = fgsm.run(lease.model(), ImageBatch.of(pixels, labels, targets));
    for (int i = 0; i < outcomes.size(); i++) {
      ready.add(ImageRows.scored(batchItems.get(i), outcomes.get(i), executorId));
      scored++;
    }
  }

  /** The image's pixels, or null after queueing a failed row. */
  private PixelImage prepare(WorkItem item) {
    byte[] bytes;
    try {
      bytes = reader.read(item.path());
    } catch (IOException e) {
      failed++;
      ready.add(
          ImageRows.failed(
              item,
              STAGE_READ,
              e.getClass().getSimpleName(),
              String.valueOf(e.getMessage()),
              executorId));
      return null;
    }
    try {
      return preprocessor.prepare(item.path(), bytes);
    } catch (ImageDecodeException e) {
      failed++;
      ready.add(
          ImageRows.failed(item, STAGE_DECODE, e.reason().name(), e.getMessage(), executorId));
      return null;
    }
  }
}
