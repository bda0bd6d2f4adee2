package io.robustness.jobs.tables;

/**
 * Every column name of the result tables, written once. The names are a contract with users'
 * queries: never rename one.
 */
public final class Columns {

  // runs
  public static final String STATUS = "status";
  public static final String STARTED_AT = "started_at";
  public static final String FINISHED_AT = "finished_at";
  public static final String MODEL_URI = "model_uri";
  public static final String MODEL_SHA256 = "model_sha256";
  public static final String DATASET_URI = "dataset_uri";
  public static final String IMAGES_TOTAL = "images_total";
  public static final String IMAGES_SCORED = "images_scored";
  public static final String IMAGES_FAILED = "images_failed";
  public static final String IMAGES_SKIPPED = "images_skipped";
  public static final String DATASET_LAYOUT = "dataset_layout";
  public static final String SAMPLE_FRACTION = "sample_fraction";
  public static final String SAMPLE_PER_CLASS = "sample_per_class";
  public static final String SAMPLE_SEED = "sample_seed";
  public static final String ATTEMPT = "attempt";
  public static final String COMMAND = "command";
  public static final String HOST = "host";
  public static final String ENDED_AT = "ended_at";
  public static final String ERROR = "error";
  public static final String TOOK_OVER = "took_over";
  public static final String PNG = "png";
  public static final String EPOCH = "epoch";
  public static final String LOSS = "loss";
  public static final String CLEAN_ACCURACY = "clean_accuracy";
  public static final String FGSM_ACCURACY = "fgsm_accuracy";
  public static final String SECONDS = "seconds";

  /** In the per-image rows: the exported adversarial images. */
  public static final String ADVERSARIAL = "adversarial";

  public static final String EPSILONS = "epsilons";
  public static final String ATTACK = "attack";
  public static final String CHECK = "check";
  public static final String VALUE = "value";
  public static final String THRESHOLD = "threshold";
  public static final String VERDICT = "verdict";
  public static final String CONFIG_JSON = "config_json";
  public static final String SPARK_MASTER = "spark_master";
  public static final String EXECUTORS = "executors";
  public static final String MODEL_LOADS = "model_loads";
  public static final String CODE_VERSION = "code_version";
  public static final String MESSAGE = "message";
  public static final String DETAIL = "detail";
  public static final String TABLE_SNAPSHOTS = "table_snapshots";

  // per image and epsilon
  public static final String IMAGE_PATH = "image_path";
  public static final String LABEL = "label";
  public static final String LABEL_NAME = "label_name";
  public static final String TARGET = "target";
  public static final String EPSILON = "epsilon";
  public static final String PREDICTION = "prediction";
  public static final String PREDICTION_NAME = "prediction_name";
  public static final String CONFIDENCE = "confidence";
  public static final String TRUE_CLASS_PROB = "true_class_prob";
  public static final String TOP_WRONG_PROB = "top_wrong_prob";
  public static final String TOP5_HIT = "top5_hit";
  public static final String CORRECT = "correct";
  public static final String CLEAN_PREDICTION = "clean_prediction";
  public static final String CLEAN_CONFIDENCE = "clean_confidence";
  public static final String FLIPPED = "flipped";
  public static final String LINF = "linf";
  public static final String L2 = "l2";
  public static final String EXECUTOR_ID = "executor_id";

  // curves
  public static final String IMAGES = "images";
  public static final String ACCURACY = "accuracy";
  public static final String TOP5_ACCURACY = "top5_accuracy";
  public static final String MEAN_CONFIDENCE = "mean_confidence";
  public static final String MEAN_TRUE_CLASS_PROB = "mean_true_class_prob";
  public static final String ATTACK_SUCCESS_RATE = "attack_success_rate";
  public static final String CLEAN_CONFIDENCE_BUCKET = "clean_confidence_bucket";

  // flips, errors, examples
  public static final String CLEAN_CORRECT = "clean_correct";
  public static final String FLIP_EPSILON = "flip_epsilon";
  public static final String FLIP_EPSILON_EXACT = "flip_epsilon_exact";
  public static final String STAGE = "stage";
  public static final String REASON = "reason";
  public static final String ORIGINAL_PNG = "original_png";
  public static final String ADVERSARIAL_PNG = "adversarial_png";
  public static final String PERTURBATION_PNG = "perturbation_png";

  // summaries
  public static final String EPSILON_MAX = "epsilon_max";
  public static final String ACCURACY_AUC = "accuracy_auc";
  public static final String MEAN_FLIP_EPSILON = "mean_flip_epsilon";
  public static final String MEDIAN_FLIP_EPSILON = "median_flip_epsilon";
  public static final String IMAGES_NEVER_FLIPPED = "images_never_flipped";

  // the per-image rows the job derives the tables from (not a table)
  static final String ERROR_STAGE = "error_stage";
  static final String ERROR_REASON = "error_reason";
  static final String ERROR_MESSAGE = "error_message";
  static final String CLEAN_TRUE_CLASS_PROB = "clean_true_class_prob";
  static final String CLEAN_TOP5_HIT = "clean_top5_hit";
  static final String SCORES = "scores";

  private Columns() {}
}
