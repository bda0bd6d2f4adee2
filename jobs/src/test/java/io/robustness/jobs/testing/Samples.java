package io.robustness.jobs.testing;

import com.typesafe.config.Config;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository's sample sets and conf files, for tests. */
public final class Samples {

  private Samples() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("sample-data"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no sample-data above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public static Path conf(String set) {
    return root().resolve("conf").resolve("sample-" + set + ".conf");
  }

  public static Path data(String set) {
    return root().resolve("sample-data").resolve(set);
  }

  /**
   * The sample conf of {@code set}, writing to {@code output}, with extra {@code key=value}
   * overrides.
   */
  public static AuditSettings settings(String set, Path output, String runId, String... sets) {
    return AuditSettings.from(config(set, output, runId, sets));
  }

  public static Config config(String set, Path output, String runId, String... sets) {
    List<String> all = new ArrayList<>();
    all.add("robustness.output.uri=" + output.toUri());
    all.add("robustness.run.id=" + runId);
    all.addAll(List.of(sets));
    return ConfigLoader.load(conf(set), all);
  }
}
