package io.robustness.jobs.audit;

import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.WorstCase;
import io.robustness.core.image.PixelImage;
import io.robustness.core.image.PngEncoder;
import io.robustness.core.model.ModelLease;
import io.robustness.core.scoring.ImageInput;
import io.robustness.core.scoring.ScoredImage;
import io.robustness.core.scoring.ScoredImages;
import io.robustness.jobs.dataset.ImageReader;
import io.robustness.jobs.dataset.WorkItem;
import io.robustness.jobs.tables.ImageResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition's work items through the core's scoring path, as typed results: an image that cannot
 * be read or decoded becomes a failed row naming the stage and reason; the rest of its batch is
 * scored as usual. Every result is added to the partition's tally as it is handed on. Closes the
 * model lease when the partition is exhausted.
 */
final class ScoredIterator implements Iterator<ImageResult>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScoredIterator.class);

  private final ScoredImages<WorkItem> results;
  private final ArrayDeque<ImageResult> pending = new ArrayDeque<>();
  private final ModelLease lease;
  private final String executorId;
  private final RunTally tally;
  private final IntConsumer onFinish;
  private int scored;
  private int failed;
  private boolean finished;

  ScoredIterator(
      Iterator<WorkItem> items,
      ScoringPlan plan,
      ModelLease lease,
      Configuration hadoop,
      String executorId,
      RunTally tally,
      IntConsumer onFinish) {
    this.lease = lease;
    this.executorId = executorId;
    this.tally = tally;
    this.onFinish = onFinish;
    ImageReader reader = new ImageReader(hadoop, plan.maxPixels());
    Iterator<ImageInput<WorkItem>> inputs =
        new Iterator<>() {
          private WorkItem next;

          /** Items found bad before scoring go straight to rows; the rest go to the scorer. */
          @Override
          public boolean hasNext() {
            while (next == null && items.hasNext()) {
              WorkItem item = items.next();
              if (item.problem() == null) {
                next = item;
              } else {
                failed++;
                pending.add(
                    new ImageResult.Failed(
                        item.path(),
                        item.label(),
                        item.target(),
                        item.problem().stage().value(),
                        item.problem().reason(),
                        item.problem().message(),
                        executorId));
              }
            }
            return next != null;
          }

          @Override
          public ImageInput<WorkItem> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            WorkItem item = next;
            next = null;
            return item.input(reader);
          }
        };
    this.results = plan.scorer().score(lease.model(), inputs);
  }

  @Override
  public boolean hasNext() {
    // Asking the scorer for more may move failed items into pending without yielding a result.
    if (!pending.isEmpty() || results.hasNext() || !pending.isEmpty()) {
      return true;
    }
    finish();
    return false;
  }

  /**
   * One result per attack for a scored image (and their worst case, with more than one), one for a
   * failed one.
   */
  @Override
  public ImageResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (pending.isEmpty()) {
      // hasNext() found either pending rows (items failed before scoring) or a result.
      ScoredImage<WorkItem> result = results.next();
      WorkItem item = result.item();
      if (result instanceof ScoredImage.Scored<WorkItem> s) {
        scored++;
        List<ImageOutcome> outcomes = new ArrayList<>();
        for (ScoredImage.Attacked a : s.attacks()) {
          pending.add(
              new ImageResult.Attacked(
                  item.path(), a.attack().name(), a.outcome(), pngs(a.adversarial()), executorId));
          outcomes.add(a.outcome());
        }
        if (outcomes.size() > 1) {
          pending.add(new ImageResult.WorstCase(item.path(), WorstCase.of(outcomes), executorId));
        }
      } else {
        ScoredImage.Failed<WorkItem> f = (ScoredImage.Failed<WorkItem>) result;
        failed++;
        pending.add(
            new ImageResult.Failed(
                item.path(),
                item.label(),
                item.target(),
                f.stage().value(),
                f.reason(),
                f.message(),
                executorId));
      }
    }
    ImageResult out = pending.poll();
    tally.add(out);
    return out;
  }

  /** The exported adversarial images, encoded here on the executor. */
  private static Map<Double, byte[]> pngs(Map<Double, PixelImage> adversarial) {
    Map<Double, byte[]> out = new HashMap<>();
    adversarial.forEach((eps, pixels) -> out.put(eps, PngEncoder.encode(pixels)));
    return out;
  }

  /** Stops the readers and releases the model; safe to call more than once. */
  @Override
  public void close() {
    results.close();
    lease.close();
  }

  private void finish() {
    if (!finished) {
      finished = true;
      close();
      onFinish.accept(scored + failed);
      TaskContext task = TaskContext.get();
      LOG.info(
          "scored partition {} on executor {}: {} images, {} failed",
          task == null ? -1 : task.partitionId(),
          executorId,
          scored,
          failed);
    }
  }
}
