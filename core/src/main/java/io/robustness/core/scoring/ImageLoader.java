package io.robustness.core.scoring;

import io.robustness.core.image.FailureReason;
import io.robustness.core.image.ImageDecodeException;
import io.robustness.core.image.ImagePreprocessor;
import io.robustness.core.image.PixelImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads and decodes images ahead of the attack: up to {@code window} images are in flight or ready,
 * read by {@code concurrency} threads, so that reads with latency (an object store's GETs) overlap
 * the model's work. Results come back in input order. With concurrency 0 each image is loaded on
 * the caller's thread when asked for. Only the caller's thread touches the input iterator (Spark's
 * iterators are not meant for other threads).
 */
public final class ImageLoader<T> implements AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Iterator<ImageInput<T>> inputs;
  private final ImagePreprocessor preprocessor;
  private final int window;
  private final ExecutorService pool;
  private final ArrayDeque<Future<Loaded<T>>> pending = new ArrayDeque<>();

  /** An input with its pixels, or with the failure that replaced them. */
  public record Loaded<T>(ImageInput<T> input, PixelImage pixels, ScoredImage.Failed<T> failure) {}

  public ImageLoader(
      Iterator<ImageInput<T>> inputs, ImagePreprocessor preprocessor, int concurrency, int window) {
    this.inputs = inputs;
    this.preprocessor = preprocessor;
    this.window = concurrency == 0 ? 1 : Math.max(window, concurrency);
    this.pool = concurrency == 0 ? null : newPool(concurrency);
  }

  private static ExecutorService newPool(int threads) {
    int id = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread t = new Thread(task, "image-reader-" + id + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  public boolean hasNext() {
    topUp();
    return !pending.isEmpty();
  }

  /** The next image in input order, waiting for it if it is still being read. */
  public Loaded<T> next() {
    topUp();
    Future<Loaded<T>> head = pending.poll();
    try {
      Loaded<T> loaded = head.get();
      topUp();
      return loaded;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading images", e);
    } catch (ExecutionException e) {
      // Unchecked failures of a read fail the caller, as they would on its own thread.
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void topUp() {
    while (pending.size() < window && inputs.hasNext()) {
      ImageInput<T> input = inputs.next();
      pending.add(
          pool == null
              ? CompletableFuture.completedFuture(load(input))
              : pool.submit(() -> load(input)));
    }
    if (pending.isEmpty()) {
      close();
    }
  }

  private Loaded<T> load(ImageInput<T> input) {
    try {
      return new Loaded<>(input, input.pixels().load(preprocessor), null);
    } catch (IOException e) {
      return failed(
          input, ScoredImage.Stage.READ, FailureReason.ofRead(e), String.valueOf(e.getMessage()));
    } catch (ImageDecodeException e) {
      return failed(input, ScoredImage.Stage.DECODE, e.reason(), e.getMessage());
    }
  }

  private static <T> Loaded<T> failed(
      ImageInput<T> input, ScoredImage.Stage stage, FailureReason reason, String message) {
    return new Loaded<>(
        input, null, new ScoredImage.Failed<>(input.item(), stage, reason, message));
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
