package io.robustness.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.robustness.core.testing.SampleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {

  private final SampleSet sample = SampleSet.fashionMnist();

  @Test
  void eightConcurrentCallersShareOneLoad() throws Exception {
    try (ModelCache cache = new ModelCache(2)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<TorchScriptModel>> futures = new ArrayList<>();
      AtomicInteger loadedByLease = new AtomicInteger();
      for (int i = 0; i < 8; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  try (ModelLease lease =
                      cache.acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
                    loadedByLease.addAndGet(lease.loadedModel() ? 1 : 0);
                    return lease.model();
                  }
                }));
      }
      start.countDown();
      TorchScriptModel first = futures.get(0).get();
      for (Future<TorchScriptModel> f : futures) {
        assertThat(f.get()).isSameAs(first);
      }
      pool.shutdown();
      assertThat(cache.loads()).isEqualTo(1);
      assertThat(loadedByLease.get()).as("exactly one lease reports the load").isEqualTo(1);
      assertThat(first.sha256()).isEqualTo(FileDigest.sha256(sample.modelFile()));
    }
  }

  @Test
  void sizeBoundClosesTheEvictedModel(@TempDir Path dir) throws Exception {
    Path copy = Files.copy(sample.modelFile(), dir.resolve("copy.pt"));
    try (ModelCache cache = new ModelCache(1)) {
      TorchScriptModel first;
      TorchScriptModel second;
      try (ModelLease lease = cache.acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
        first = lease.model();
      }
      try (ModelLease lease = cache.acquire(copy, sample.spec(), Device.cpu())) {
        second = lease.model();
      }
      assertThat(cache.size()).isEqualTo(1);
      assertThat(first.isClosed() ^ second.isClosed())
          .as("exactly the evicted one is closed")
          .isTrue();
    }
  }

  @Test
  void modelRemovedWhileLeasedIsClosedAtTheLastRelease() throws Exception {
    ModelCache cache = new ModelCache(2);
    ModelLease a = cache.acquire(sample.modelFile(), sample.spec(), Device.cpu());
    ModelLease b = cache.acquire(sample.modelFile(), sample.spec(), Device.cpu());
    TorchScriptModel model = a.model();
    cache.close();
    assertThat(model.isClosed()).isFalse();
    a.close();
    a.close(); // closing a lease twice must not release twice
    assertThat(model.isClosed()).isFalse();
    b.close();
    assertThat(model.isClosed()).isTrue();
    assertThatThrownBy(a::model).hasMessageContaining("already closed");
  }

  @Test
  void closingTheCacheClosesIdleModels() throws Exception {
    ModelCache cache = new ModelCache(2);
    TorchScriptModel model;
    try (ModelLease lease = cache.acquire(sample.modelFile(), sample.spec(), Device.cpu())) {
      model = lease.model();
    }
    assertThat(model.isClosed()).isFalse();
    cache.close();
    assertThat(model.isClosed()).isTrue();
  }

  @Test
  void changedContentIsLoadedAgain(@TempDir Path dir) throws Exception {
    Path file = Files.copy(sample.modelFile(), dir.resolve("model.pt"));
    try (ModelCache cache = new ModelCache(2)) {
      cache.acquire(file, sample.spec(), Device.cpu()).close();
      Files.copy(
          SampleSet.mnist().modelFile(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(
          file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
      cache.acquire(file, sample.spec(), Device.cpu()).close();
      assertThat(cache.loads()).isEqualTo(2);
    }
  }

  @Test
  void missingFileNamesTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.pt");
    try (ModelCache cache = new ModelCache(1)) {
      assertThatThrownBy(() -> cache.acquire(missing, sample.spec(), Device.cpu()))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining(missing.toString());
    }
  }

  @Test
  void fileThatIsNotTorchScriptNamesTheFileAndTheFix(@TempDir Path dir) throws Exception {
    Path bogus = Files.writeString(dir.resolve("weights.pt"), "not a zip archive");
    try (ModelCache cache = new ModelCache(1)) {
      assertThatThrownBy(() -> cache.acquire(bogus, sample.spec(), Device.cpu()))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining(bogus.toString())
          .hasMessageContaining("torch.jit");
      assertThat(cache.loads()).isZero();
    }
  }
}
