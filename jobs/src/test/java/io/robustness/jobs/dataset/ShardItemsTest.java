package io.robustness.jobs.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.dataset.TarShards;
import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.testing.FaultyFileSystem;
import io.robustness.jobs.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shard's samples as work items, without Spark. */
class ShardItemsTest {

  @TempDir Path dir;

  @AfterEach
  void reset() {
    FaultyFileSystem.reset();
  }

  /**
   * Closing runs in a task completion listener, where a throw fails a task that read every sample:
   * a shard whose stream cannot be closed must not.
   */
  @Test
  void aShardThatCannotBeClosedHasGivenAllItsSamplesAndClosesQuietly() throws Exception {
    byte[] png;
    try (var images = Files.list(Samples.data("mnist").resolve("images/3"))) {
      png = Files.readAllBytes(images.sorted().findFirst().orElseThrow());
    }
    Path shard =
        Files.write(
            dir.resolve("s-000.tar"),
            new TarShards()
                .member("a.png", png)
                .member("a.cls", "3")
                .member("b.png", png)
                .member("b.cls", "7")
                .finish());
    Configuration hadoop = new Configuration();
    hadoop.set("fs.file.impl", FaultyFileSystem.class.getName());
    hadoop.setBoolean("fs.file.impl.disable.cache", true);
    FaultyFileSystem.failCloses("s-000.tar");
    ModelSpec spec = Samples.settings("mnist", dir, "r").model().spec();

    ShardItems items =
        new ShardItems(
            shard.toUri().toString(),
            dir.toUri().toString(),
            new Classes(spec.classes()),
            -1,
            null,
            false,
            hadoop,
            1 << 20);
    List<Integer> labels = new ArrayList<>();
    items.forEachRemaining(item -> labels.add(item.label()));
    items.close();

    assertThat(labels).containsExactly(3, 7);
    assertThat(FaultyFileSystem.injected()).as("the close failed, and was not thrown").isEqualTo(1);
  }
}
