package io.robustness.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;

/** Copies of remote models: one per JVM and model version, and none left behind. */
class LocalModelFilesTest {

  /** Hadoop's raw local file system stands in for a remote store: it is not used in place. */
  private static Configuration remoteLike() {
    Configuration hadoop = new Configuration();
    hadoop.set("fs.file.impl", RawLocalFileSystem.class.getName());
    hadoop.setBoolean("fs.file.impl.disable.cache", true);
    return hadoop;
  }

  @Test
  void aRemoteModelIsCopiedOnceAndTheCopiesAreRemoved() throws Exception {
    String uri = Samples.data("mnist").resolve("model.pt").toUri().toString();
    Path first = LocalModelFiles.fetch(uri, remoteLike());
    Path again = LocalModelFiles.fetch(uri, remoteLike());
    assertThat(again).isEqualTo(first);
    assertThat(first.getParent().getFileName().toString())
        .isEqualTo("robustness-models-" + ProcessHandle.current().pid());

    LocalModelFiles.removeCopies();
    assertThat(first.getParent()).doesNotExist();
  }

  @Test
  void copiesLeftByAJvmThatDiedAreRemovedByTheNext() throws Exception {
    LocalModelFiles.removeCopies();
    // No process has this id (above the kernel's pid_max), as for a killed executor's folder.
    Path dead =
        Files.createDirectories(
            Path.of(System.getProperty("java.io.tmpdir"), "robustness-models-99999999"));
    Files.writeString(dead.resolve("x.pt"), "model");
    LocalModelFiles.fetch(
        Samples.data("mnist").resolve("model.pt").toUri().toString(), remoteLike());
    assertThat(dead).doesNotExist();
    LocalModelFiles.removeCopies();
  }
}
