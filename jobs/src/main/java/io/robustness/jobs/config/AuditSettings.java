package io.robustness.jobs.config;

import com.typesafe.config.Config;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.checks.CheckThresholds;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Every setting of an audit, read and validated at once from layered config (see {@link
 * ConfigLoader}), one immutable value per section. Reading lists every problem, each with its key
 * and a fix, before any Spark work starts. Driver-side only: executors get a {@code ScoringPlan},
 * never this or a {@code Config}.
 *
 * <pre>{@code
 * AuditSettings settings = AuditSettings.from(ConfigLoader.load(file, sets));
 * settings.attack().epsilons();
 * }</pre>
 *
 * @param hadoop Hadoop settings for the job's file systems (may hold secrets: never log or store)
 * @param configJson the robustness settings as JSON, secrets redacted; stored in runs.config_json
 */
public record AuditSettings(
    DatasetSettings dataset,
    ModelSettings model,
    AttackSettings attack,
    OutputSettings output,
    RunSettings run,
    ReportSettings report,
    CheckThresholds checks,
    RuntimeSettings runtime,
    Map<String, String> hadoop,
    String configJson) {

  /** What the executors attack with: one spec per attack kind, run as the runtime says. */
  public List<AttackSpec> attackSpecs() {
    return attack.specs(runtime);
  }

  /**
   * Reads and validates {@code config}.
   *
   * @throws SettingsException with every problem
   */
  public static AuditSettings from(Config config) {
    return from(config, Clock.systemUTC());
  }

  public static AuditSettings from(Config config, Clock clock) {
    return read(config, clock).settings();
  }

  /**
   * Reads {@code config} without throwing, for checks that add their own findings (the dataset, the
   * model) before reporting everything.
   */
  public static SettingsReading read(Config config, Clock clock) {
    return SettingsReading.of(config, clock);
  }
}
