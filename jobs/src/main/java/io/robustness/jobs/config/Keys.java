package io.robustness.jobs.config;

/**
 * Every settings key, written once; {@code reference.conf} gives each its default and comment. The
 * names are a contract with users' files and scripts: never rename one.
 */
public final class Keys {

  public static final String ROOT = "robustness";

  public static final String DATASET_URI = "robustness.dataset.uri";
  public static final String DATASET_LAYOUT = "robustness.dataset.layout";
  public static final String DATASET_MANIFEST = "robustness.dataset.manifest";
  public static final String DATASET_EXTENSIONS = "robustness.dataset.extensions";
  public static final String DATASET_PARTITIONS = "robustness.dataset.partitions";
  public static final String DATASET_MAX_PIXELS = "robustness.dataset.max-pixels";
  public static final String DATASET_READ_CONCURRENCY = "robustness.dataset.read-concurrency";
  public static final String DATASET_IMAGE_COLUMN = "robustness.dataset.image-column";
  public static final String DATASET_LABEL_COLUMN = "robustness.dataset.label-column";
  public static final String DATASET_ID_COLUMN = "robustness.dataset.id-column";
  public static final String DATASET_SAMPLE_FRACTION = "robustness.dataset.sample.fraction";
  public static final String DATASET_SAMPLE_PER_CLASS = "robustness.dataset.sample.per-class";
  public static final String DATASET_SAMPLE_SEED = "robustness.dataset.sample.seed";

  /**
   * The model section: {@code uri}, and the descriptor keys {@code input.*} and {@code classes}.
   */
  public static final String MODEL = "robustness.model";

  public static final String MODEL_URI = "robustness.model.uri";
  public static final String MODEL_CLASSES = "robustness.model.classes";

  public static final String ATTACK_KINDS = "robustness.attack.kinds";
  public static final String ATTACK_EPSILONS = "robustness.attack.epsilons";
  public static final String ATTACK_TARGETED = "robustness.attack.targeted";
  public static final String ATTACK_TARGET_CLASS = "robustness.attack.target-class";
  public static final String ATTACK_BATCH_SIZE = "robustness.attack.batch-size";
  public static final String ATTACK_DIRECTION = "robustness.attack.direction";
  public static final String ATTACK_STEPS = "robustness.attack.steps";
  public static final String ATTACK_STEP_SIZE = "robustness.attack.step-size";
  public static final String ATTACK_RANDOM_START = "robustness.attack.random-start";
  public static final String ATTACK_RESTARTS = "robustness.attack.restarts";
  public static final String ATTACK_SEED = "robustness.attack.seed";
  public static final String ATTACK_FLIP_SEARCH = "robustness.attack.flip-search";
  public static final String ATTACK_FLIP_TOLERANCE = "robustness.attack.flip-tolerance";

  public static final String HARDEN_METHOD = "robustness.harden.method";
  public static final String HARDEN_EPSILON = "robustness.harden.epsilon";
  public static final String HARDEN_ALPHA = "robustness.harden.alpha";
  public static final String HARDEN_EPOCHS = "robustness.harden.epochs";
  public static final String HARDEN_BATCH_SIZE = "robustness.harden.batch-size";
  public static final String HARDEN_OPTIMIZER = "robustness.harden.optimizer";
  public static final String HARDEN_LEARNING_RATE = "robustness.harden.learning-rate";
  public static final String HARDEN_SEED = "robustness.harden.seed";
  public static final String HARDEN_THREADS = "robustness.harden.threads";
  public static final String HARDEN_VALIDATION_FRACTION = "robustness.harden.validation-fraction";
  public static final String HARDEN_OUTPUT_MODEL = "robustness.harden.output-model";
  public static final String HARDEN_STATIC_EXAMPLES = "robustness.harden.static-examples.uri";
  public static final String HARDEN_STATIC_RUN_ID = "robustness.harden.static-examples.run-id";

  public static final String OUTPUT_URI = "robustness.output.uri";
  public static final String OUTPUT_ADVERSARIAL_EPSILONS = "robustness.output.adversarial.epsilons";
  public static final String OUTPUT_FORMAT = "robustness.output.format";
  public static final String OUTPUT_REGISTER = "robustness.output.register";
  public static final String OUTPUT_REGISTER_DATABASE = "robustness.output.register-database";
  public static final String OUTPUT_CATALOG = "robustness.output.catalog";
  public static final String OUTPUT_CATALOG_NAME = OUTPUT_CATALOG + ".name";
  public static final String OUTPUT_CATALOG_TYPE = OUTPUT_CATALOG + ".type";
  public static final String OUTPUT_CATALOG_URI = OUTPUT_CATALOG + ".uri";
  public static final String OUTPUT_CATALOG_WAREHOUSE = OUTPUT_CATALOG + ".warehouse";
  public static final String OUTPUT_CATALOG_NAMESPACE = OUTPUT_CATALOG + ".namespace";
  public static final String OUTPUT_CATALOG_PROPERTIES = OUTPUT_CATALOG + ".properties";

  public static final String RUN_ID = "robustness.run.id";
  public static final String RUN_ID_FROM = "robustness.run.id-from";
  public static final String RUN_TIME_ZONE = "robustness.run.time-zone";
  public static final String RUN_STALE_AFTER = "robustness.run.stale-after";
  public static final String RUN_STOP_TIMEOUT = "robustness.run.stop-timeout";

  public static final String CHECKS_ZERO_GRADIENT_SHARE = "robustness.checks.zero-gradient-share";
  public static final String CHECKS_SATURATED_PROBABILITY =
      "robustness.checks.saturated-probability";
  public static final String CHECKS_SATURATED_SHARE = "robustness.checks.saturated-share";
  public static final String CHECKS_ITERATIVE_MARGIN = "robustness.checks.iterative-margin";
  public static final String CHECKS_UNBOUNDED_EPSILON = "robustness.checks.unbounded-epsilon";
  public static final String CHECKS_UNBOUNDED_ACCURACY = "robustness.checks.unbounded-accuracy";
  public static final String CHECKS_LOSS_NOT_INCREASED_SHARE =
      "robustness.checks.loss-not-increased-share";
  public static final String CHECKS_DESCEND_DROP = "robustness.checks.descend-drop";
  public static final String REPORT_ENABLED = "robustness.report.enabled";
  public static final String REPORT_URI = "robustness.report.uri";
  public static final String REPORT_EXAMPLES = "robustness.report.examples";

  /** Free-form Hadoop settings, {@code "fs.s3a.endpoint" = "..."}. */
  public static final String HADOOP = "robustness.hadoop";

  public static final String RUNTIME_INTRA_OP_THREADS = "robustness.runtime.intra-op-threads";
  public static final String RUNTIME_STACKING = "robustness.runtime.stacking";
  public static final String RUNTIME_MAX_STACKED_IMAGES = "robustness.runtime.max-stacked-images";

  private Keys() {}

  /** The key without the {@code robustness.} prefix, as it appears inside the section. */
  static String relative(String key) {
    return key.substring(ROOT.length() + 1);
  }
}
