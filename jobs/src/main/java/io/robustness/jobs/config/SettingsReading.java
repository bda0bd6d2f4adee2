package io.robustness.jobs.config;

import com.typesafe.config.Config;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What reading the settings found: every problem, and each section that is valid on its own, so
 * that the dataset and the model can be checked (and their problems reported with these) even when
 * another section is wrong.
 */
public final class SettingsReading {

  private final List<String> problems;
  private final DatasetSettings dataset;
  private final ModelSettings model;
  private final Optional<List<String>> classes;
  private final AttackSettings attack;
  private final RuntimeSettings runtime;
  private final Map<String, String> hadoop;
  private final AuditSettings settings;

  private SettingsReading(
      List<String> problems,
      DatasetSettings dataset,
      ModelSettings model,
      Optional<List<String>> classes,
      AttackSettings attack,
      RuntimeSettings runtime,
      Map<String, String> hadoop,
      AuditSettings settings) {
    this.problems = problems;
    this.dataset = dataset;
    this.model = model;
    this.classes = classes;
    this.attack = attack;
    this.runtime = runtime;
    this.hadoop = hadoop;
    this.settings = settings;
  }

  static SettingsReading of(Config config, Clock clock) {
    SettingsReader r = new SettingsReader(config);
    UnknownKeys.problems(config).forEach(r::add);
    int before = r.count();
    DatasetSettings dataset = DatasetSettings.read(r);
    boolean datasetValid = r.count() == before;
    before = r.count();
    ModelSettings model = ModelSettings.read(r);
    boolean modelValid = r.count() == before;
    before = r.count();
    AttackSettings attack = AttackSettings.read(r, model.spec(), dataset.layout());
    boolean attackValid = r.count() == before;
    before = r.count();
    RuntimeSettings runtime = RuntimeSettings.read(r);
    boolean runtimeValid = r.count() == before;
    Map<String, String> hadoop = HadoopSettings.read(r);
    AuditSettings settings =
        new AuditSettings(
            dataset,
            model,
            attack,
            OutputSettings.read(r, rawEpsilons(config)),
            RunSettings.read(r, clock),
            ReportSettings.read(r),
            CheckSettings.read(r),
            runtime,
            hadoop,
            null);
    List<String> problems = r.problems();
    return new SettingsReading(
        problems,
        datasetValid ? dataset : null,
        modelValid ? model : null,
        modelValid ? Optional.of(model.spec().classes()) : ModelSettings.classes(config),
        attackValid ? attack : null,
        runtimeValid ? runtime : RuntimeSettings.defaults(),
        hadoop,
        problems.isEmpty() ? withConfigJson(settings, config) : null);
  }

  /** A reading of settings already known to be valid. */
  public static SettingsReading of(AuditSettings settings) {
    return new SettingsReading(
        List.of(),
        settings.dataset(),
        settings.model(),
        Optional.of(settings.model().spec().classes()),
        settings.attack(),
        settings.runtime(),
        settings.hadoop(),
        settings);
  }

  private static AuditSettings withConfigJson(AuditSettings s, Config config) {
    return new AuditSettings(
        s.dataset(),
        s.model(),
        s.attack(),
        s.output(),
        s.run(),
        s.report(),
        s.checks(),
        s.runtime(),
        s.hadoop(),
        RedactedConfig.json(config));
  }

  /** Every problem found; empty when {@link #settings()} can be had. */
  public List<String> problems() {
    return problems;
  }

  /**
   * @throws SettingsException with every problem, if there is one
   */
  public AuditSettings settings() {
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return settings;
  }

  public Optional<DatasetSettings> dataset() {
    return Optional.ofNullable(dataset);
  }

  public Optional<ModelSettings> model() {
    return Optional.ofNullable(model);
  }

  /** The model's class names, even when the rest of its spec is invalid. */
  public Optional<List<String>> classes() {
    return classes;
  }

  public Optional<AttackSettings> attack() {
    return Optional.ofNullable(attack);
  }

  /** The runtime settings, or their defaults when invalid (the problem is listed already). */
  public RuntimeSettings runtime() {
    return runtime;
  }

  /** The Hadoop settings that could be read (may hold secrets: never log or store them). */
  public Map<String, String> hadoop() {
    return hadoop;
  }

  /** The grid as written, even when another attack setting is bad; null when unreadable. */
  private static List<Double> rawEpsilons(Config config) {
    try {
      return config.getDoubleList(Keys.ATTACK_EPSILONS);
    } catch (com.typesafe.config.ConfigException e) {
      return null;
    }
  }
}
