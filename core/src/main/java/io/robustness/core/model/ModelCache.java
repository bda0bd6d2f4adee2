package io.robustness.core.model;

import ai.djl.Device;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loaded models, one per (file, content hash, spec, device), shared by every thread of the JVM: on
 * a Spark executor all tasks use one copy of the model instead of loading it per task or per row.
 *
 * <p>Concurrent callers asking for the same model wait for a single load. Callers hold a {@link
 * ModelLease} while they use the model; a model evicted (the cache keeps at most {@code maxModels})
 * or removed at JVM shutdown is closed as soon as its last lease is released, never under a running
 * batch.
 *
 * <pre>{@code
 * try (ModelLease lease = ModelCache.shared().acquire(file, spec, Device.cpu())) {
 *   fgsm.run(lease.model(), batch);
 * }
 * }</pre>
 */
public final class ModelCache implements AutoCloseable {

  /** How many distinct models one executor JVM keeps loaded; a nightly audit uses one. */
  public static final int DEFAULT_MAX_MODELS = 2;

  private static final ModelCache SHARED = createShared();

  private final Cache<Key, Entry> cache;
  private final AtomicLong loads = new AtomicLong();

  public ModelCache(int maxModels) {
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxModels)
            // Run removal on the caller's thread, so a test or shutdown sees the model closed on
            // return.
            .executor(Runnable::run)
            .<Key, Entry>removalListener((key, entry, cause) -> retire(entry, cause))
            .build();
  }

  /** The cache of this JVM; its models are closed at JVM shutdown. */
  public static ModelCache shared() {
    return SHARED;
  }

  private static ModelCache createShared() {
    ModelCache cache = new ModelCache(DEFAULT_MAX_MODELS);
    Runtime.getRuntime().addShutdownHook(new Thread(cache::close, "model-cache-shutdown"));
    return cache;
  }

  /**
   * Returns a lease on the model in {@code file}, loading it on first use. Close the lease when the
   * batch or partition is done.
   */
  public ModelLease acquire(Path file, ModelSpec spec, Device device) throws ModelLoadException {
    String sha256 = digest(file);
    Key key = new Key(file.toAbsolutePath().normalize(), sha256, spec, device.toString());
    boolean[] loadedHere = {false};
    while (true) {
      Entry entry = getOrLoad(key, device, loadedHere);
      synchronized (entry) {
        if (!entry.retired) {
          entry.leases++;
          return new ModelLease(entry.model, () -> release(entry), loadedHere[0], entry.loadNumber);
        }
      }
      // Evicted between get and lease: the next get loads a fresh copy.
    }
  }

  /**
   * How many times this cache has loaded a model since the JVM started; tests assert one load per
   * JVM.
   */
  public long loads() {
    return loads.get();
  }

  /** Models currently held. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Removes every model; each is closed once no lease holds it. */
  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /**
   * Caffeine runs the loader on the calling thread, for one caller only: that caller's flag is set.
   */
  private Entry getOrLoad(Key key, Device device, boolean[] loadedHere) throws ModelLoadException {
    try {
      return cache.get(
          key,
          k -> {
            Entry loaded = load(k, device);
            loadedHere[0] = true;
            return loaded;
          });
    } catch (CompletionException e) {
      if (e.getCause() instanceof ModelLoadException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private Entry load(Key key, Device device) {
    try {
      TorchScriptModel model = TorchScriptModel.load(key.file(), key.sha256(), key.spec(), device);
      return new Entry(model, loads.incrementAndGet());
    } catch (ModelLoadException e) {
      throw new CompletionException(e);
    }
  }

  private static String digest(Path file) throws ModelLoadException {
    try {
      return FileDigest.sha256(file);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void retire(Entry entry, RemovalCause cause) {
    if (entry == null) {
      return;
    }
    synchronized (entry) {
      entry.retired = true;
      if (entry.leases == 0) {
        entry.model.close();
      }
    }
  }

  private static void release(Entry entry) {
    synchronized (entry) {
      entry.leases--;
      if (entry.retired && entry.leases == 0) {
        entry.model.close();
      }
    }
  }

  private record Key(Path file, String sha256, ModelSpec spec, String device) {}

  private static final class Entry {
    final TorchScriptModel model;
    final long loadNumber;
    int leases;
    boolean retired;

    Entry(TorchScriptModel model, long loadNumber) {
      this.model = model;
      this.loadNumber = loadNumber;
    }
  }
}
