package io.robustness.jobs.config;

import com.typesafe.config.Config;
import io.robustness.core.harden.HardenMethod;
import io.robustness.core.harden.HardenSpec;
import io.robustness.core.harden.OptimizerKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code robustness harden} needs, read and validated at once: the model (the audit's
 * {@code robustness.model} section), the training images ({@code robustness.harden.dataset}, the
 * keys of {@code robustness.dataset}), the method and its numbers, where the hardened model and the
 * {@code training} table go.
 *
 * @param staticExamples with method static: the tables whose adversarial_examples hold the
 *     examples: the Parquet tables under {@code robustness.harden.static-examples.uri}, or, when
 *     that is empty, this run's own output in its format (an Iceberg catalog included)
 * @param staticRunId with method static: the run whose examples to use; null for the newest
 * @param output where the training table goes (robustness.output: its uri holds the run's lease and
 *     staging; its format and catalog say how the table is written)
 * @param threads PyTorch intra-op threads, resolved (never 0)
 */
public record HardenSettings(
    ModelSettings model,
    DatasetSettings dataset,
    HardenSpec spec,
    double validationFraction,
    String outputModel,
    OutputSettings staticExamples,
    String staticRunId,
    OutputSettings output,
    RunSettings run,
    Map<String, String> hadoop,
    int threads) {

  private static final String AUDIT_DATASET = "robustness.dataset";
  private static final String HARDEN_DATASET = "robustness.harden.dataset";

  /**
   * @throws SettingsException with every problem
   */
  public static HardenSettings from(Config config) {
    SettingsReader r = new SettingsReader(config);
    UnknownKeys.problems(config).forEach(r::add);
    ModelSettings model = ModelSettings.read(r);
    DatasetSettings dataset = dataset(config, r);
    String method = r.string(Keys.HARDEN_METHOD);
    HardenMethod parsed =
        method == null
            ? null
            : HardenMethod.parse(method)
                .orElseGet(
                    () -> {
                      r.add(
                          Keys.HARDEN_METHOD
                              + " = \""
                              + method
                              + "\" is not a method: use one of "
                              + HardenMethod.names());
                      return null;
                    });
    String optimizer = r.string(Keys.HARDEN_OPTIMIZER);
    OptimizerKind kind =
        optimizer == null
            ? null
            : OptimizerKind.parse(optimizer)
                .orElseGet(
                    () -> {
                      r.add(Keys.HARDEN_OPTIMIZER + " = \"" + optimizer + "\" is not sgd or adam");
                      return null;
                    });
    double epsilon = fraction(r, Keys.HARDEN_EPSILON, true, "like 0.1 (pixel units of [0,1])");
    double alpha = fraction(r, Keys.HARDEN_ALPHA, true, "like 0.5");
    double validation =
        fraction(
            r, Keys.HARDEN_VALIDATION_FRACTION, false, "like 0.1 (held out, never trained on)");
    int epochs = r.atLeast(Keys.HARDEN_EPOCHS, 1, "train at least one epoch");
    int batch = r.atLeast(Keys.HARDEN_BATCH_SIZE, 1, "use a positive batch size like 128");
    Double rate = r.number(Keys.HARDEN_LEARNING_RATE);
    if (rate != null && !(rate > 0)) {
      r.add(Keys.HARDEN_LEARNING_RATE + " = " + rate + " must be positive, like 0.001");
    }
    Long seed = r.longValue(Keys.HARDEN_SEED);
    int threads =
        r.atLeast(Keys.HARDEN_THREADS, 0, "use 0 for one per core, or a number of threads");
    String outputModel =
        r.location(Keys.HARDEN_OUTPUT_MODEL, "where the hardened TorchScript file goes");
    String examples = r.optionalLocation(Keys.HARDEN_STATIC_EXAMPLES);
    String runId = r.string(Keys.HARDEN_STATIC_RUN_ID);
    if (model.uri() != null && outputModel != null && model.uri().equals(outputModel)) {
      r.add(
          Keys.HARDEN_OUTPUT_MODEL
              + " = "
              + outputModel
              + " would overwrite "
              + Keys.MODEL_URI
              + ": write the hardened model elsewhere");
    }
    String outputUri = r.location(Keys.OUTPUT_URI, "the output root for the training table");
    OutputSettings output = OutputSettings.withFormat(r, outputUri, List.of());
    RunSettings run = RunSettings.read(r, Clock.systemUTC());
    Map<String, String> hadoop = HadoopSettings.read(r);
    if (r.count() > 0) {
      throw new SettingsException(r.problems());
    }
    return new HardenSettings(
        model,
        dataset,
        new HardenSpec(parsed, epsilon, alpha, epochs, batch, kind, rate, seed),
        validation,
        outputModel,
        examples == null
            ? output
            : new OutputSettings(examples, List.of(), TableFormat.PARQUET, null),
        runId == null || runId.isBlank() ? null : runId.trim(),
        output,
        run,
        hadoop,
        threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
  }

  /** The output root: the run's lease and staging, and the training table when it is Parquet. */
  public String outputUri() {
    return output.uri();
  }

  /**
   * The training images: {@code robustness.harden.dataset} read by the audit's own dataset reader,
   * its problems renamed to the keys the user wrote.
   */
  private static DatasetSettings dataset(Config config, SettingsReader r) {
    Config asAudit = config.withValue(AUDIT_DATASET, config.getValue(HARDEN_DATASET));
    SettingsReader inner = new SettingsReader(asAudit);
    DatasetSettings dataset = DatasetSettings.read(inner);
    List<String> renamed = new ArrayList<>();
    for (String problem : inner.problems()) {
      renamed.add(problem.replace(AUDIT_DATASET + ".", HARDEN_DATASET + "."));
    }
    r.addAll(renamed);
    return dataset;
  }

  private static double fraction(
      SettingsReader r, String key, boolean zeroAllowed, String example) {
    Double value = r.number(key);
    if (value == null) {
      return 0;
    }
    boolean ok = zeroAllowed ? value >= 0 && value <= 1 : value > 0 && value < 1;
    if (!ok) {
      r.add(
          key
              + " = "
              + value
              + " must be "
              + (zeroAllowed ? "in [0, 1]" : "above 0 and below 1")
              + ", "
              + example);
      return 0;
    }
    return value;
  }
}
