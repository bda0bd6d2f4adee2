package io.robustness.jobs.audit;

import io.robustness.jobs.config.ModelSettings;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.config.SettingsReading;
import io.robustness.jobs.dataset.Classes;
import io.robustness.jobs.dataset.DatasetSource;
import io.robustness.jobs.dataset.DatasetSources;
import io.robustness.jobs.dataset.Targets;
import io.robustness.jobs.runtime.IntraOpThreads;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything checked before Spark starts: the class folders (listing them, which is also the work
 * list), and the model, by a dry run. Their problems are reported together with the settings' own.
 */
public final class Preflight {

  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

  private Preflight() {}

  /**
   * What the run will use.
   *
   * @param dataset the run's images, already listed where the layout lists before Spark starts
   */
  public record Checked(DatasetSource dataset, String modelSha256, boolean dryRunLoadedModel) {}

  /**
   * Checks the dataset and the model as far as their sections are valid.
   *
   * @throws SettingsException listing every problem found
   */
  public static Checked check(SettingsReading reading, Configuration hadoop, int intraOpThreads) {
    List<String> problems = new ArrayList<>(reading.problems());
    DatasetSource dataset = null;
    if (reading.dataset().isPresent() && reading.classes().isPresent()) {
      Targets targets =
          reading
              .attack()
              .map(a -> new Targets(a.targeted(), a.targetClass()))
              .orElse(Targets.NONE);
      dataset =
          DatasetSources.of(
              reading.dataset().get(),
              new Classes(reading.classes().get()),
              targets,
              reading.hadoop());
      dataset.preflight(hadoop, problems);
    }
    ModelDryRun.Result model = null;
    if (reading.model().isPresent()) {
      // In local mode this JVM is also the executor: size the engine's threads before the dry run
      // starts it.
      IntraOpThreads.apply(intraOpThreads);
      ModelSettings settings = reading.model().get();
      long start = System.nanoTime();
      model = ModelDryRun.check(settings.uri(), settings.spec(), hadoop);
      LOG.info("dry run of the model in {} ms", (System.nanoTime() - start) / 1_000_000);
      if (!model.ok()) {
        problems.add(model.problem());
      }
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return new Checked(dataset, model.sha256(), model.loadedModel());
  }
}
