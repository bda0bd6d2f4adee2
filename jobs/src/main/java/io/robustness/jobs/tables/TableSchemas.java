package io.robustness.jobs.tables;

import static io.robustness.jobs.tables.Columns.*;

import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of every table: writers produce exactly these columns (checked when a table is
 * staged), readers read with them, tests and docs/tables.md list them. {@code run_id}, the
 * partition column, is not part of a table's data schema; {@link #withRunId} adds it.
 */
public final class TableSchemas {

  private static final DataType STRING = DataTypes.StringType;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType LONG = DataTypes.LongType;
  private static final DataType FLOAT = DataTypes.FloatType;
  private static final DataType DOUBLE = DataTypes.DoubleType;
  private static final DataType BOOLEAN = DataTypes.BooleanType;
  private static final DataType BINARY = DataTypes.BinaryType;

  static final StructType RUNS =
      new StructType()
          .add(STATUS, STRING, false)
          .add(STARTED_AT, DataTypes.TimestampType, false)
          .add(FINISHED_AT, DataTypes.TimestampType, true)
          .add(MODEL_URI, STRING, false)
          .add(MODEL_SHA256, STRING, true)
          .add(DATASET_URI, STRING, false)
          .add(IMAGES_TOTAL, LONG, false)
          .add(IMAGES_SCORED, LONG, false)
          .add(IMAGES_FAILED, LONG, false)
          .add(IMAGES_SKIPPED, LONG, false)
          .add(EPSILONS, DataTypes.createArrayType(DOUBLE, false), false)
          .add(ATTACK, STRING, false)
          .add(CONFIG_JSON, STRING, false)
          .add(SPARK_MASTER, STRING, false)
          .add(EXECUTORS, INT, false)
          .add(MODEL_LOADS, DataTypes.createMapType(STRING, LONG, false), false)
          .add(CODE_VERSION, STRING, false)
          .add(MESSAGE, STRING, true)
          // Added with the dataset layouts: null in runs written before.
          .add(DATASET_LAYOUT, STRING, true)
          .add(SAMPLE_FRACTION, DOUBLE, true)
          .add(SAMPLE_PER_CLASS, LONG, true)
          .add(SAMPLE_SEED, LONG, true)
          // The attempt whose data the run's partitions hold; null in runs written before.
          .add(ATTEMPT, STRING, true)
          // With Iceberg tables: each table's snapshot holding this run; null with Parquet.
          .add(TABLE_SNAPSHOTS, DataTypes.createMapType(STRING, LONG, false), true);

  static final StructType SAMPLES =
      new StructType()
          .add(IMAGE_PATH, STRING, false)
          .add(LABEL, INT, false)
          .add(LABEL_NAME, STRING, false)
          .add(TARGET, INT, true)
          .add(EPSILON, DOUBLE, false)
          .add(PREDICTION, INT, false)
          .add(PREDICTION_NAME, STRING, false)
          .add(CONFIDENCE, FLOAT, false)
          .add(TRUE_CLASS_PROB, FLOAT, false)
          .add(TOP5_HIT, BOOLEAN, false)
          .add(CORRECT, BOOLEAN, false)
          .add(CLEAN_PREDICTION, INT, true)
          .add(CLEAN_CONFIDENCE, FLOAT, true)
          .add(FLIPPED, BOOLEAN, true)
          .add(LINF, FLOAT, false)
          .add(L2, FLOAT, false)
          .add(EXECUTOR_ID, STRING, false)
          .add(ATTACK, STRING, true)
          // The most probable class other than the label; null in runs written before it existed.
          .add(TOP_WRONG_PROB, FLOAT, true);

  /** The figures of a curve point; each curve table adds its grouping columns and the attack. */
  private static final StructType CURVE_POINT =
      new StructType()
          .add(EPSILON, DOUBLE, false)
          .add(IMAGES, LONG, false)
          .add(ACCURACY, DOUBLE, false)
          .add(TOP5_ACCURACY, DOUBLE, false)
          .add(MEAN_CONFIDENCE, DOUBLE, false)
          .add(MEAN_TRUE_CLASS_PROB, DOUBLE, false)
          .add(ATTACK_SUCCESS_RATE, DOUBLE, true);

  static final StructType CURVES = CURVE_POINT.add(ATTACK, STRING, true);

  static final StructType CLASS_CURVES =
      CURVE_POINT.add(LABEL, INT, false).add(LABEL_NAME, STRING, false).add(ATTACK, STRING, true);

  static final StructType CONFIDENCE_CURVES =
      CURVE_POINT.add(CLEAN_CONFIDENCE_BUCKET, INT, false).add(ATTACK, STRING, true);

  static final StructType FLIPS =
      new StructType()
          .add(IMAGE_PATH, STRING, false)
          .add(LABEL, INT, false)
          .add(LABEL_NAME, STRING, false)
          .add(CLEAN_CORRECT, BOOLEAN, true)
          .add(FLIP_EPSILON, DOUBLE, true)
          .add(FLIP_EPSILON_EXACT, DOUBLE, true)
          .add(ATTACK, STRING, true);

  static final StructType ERRORS =
      new StructType()
          .add(IMAGE_PATH, STRING, false)
          .add(STAGE, STRING, true)
          .add(REASON, STRING, true)
          .add(MESSAGE, STRING, true)
          .add(EXECUTOR_ID, STRING, false)
          // The same text as message, under the name the other vocabularies use; message stays
          // for the scripts written against it.
          .add(DETAIL, STRING, true);

  static final StructType EXAMPLES =
      new StructType()
          .add(IMAGE_PATH, STRING, false)
          .add(LABEL, INT, false)
          .add(LABEL_NAME, STRING, false)
          .add(EPSILON, DOUBLE, false)
          .add(PREDICTION, INT, false)
          .add(PREDICTION_NAME, STRING, false)
          .add(CONFIDENCE, FLOAT, false)
          .add(ORIGINAL_PNG, BINARY, false)
          .add(ADVERSARIAL_PNG, BINARY, false)
          .add(PERTURBATION_PNG, BINARY, false)
          .add(ATTACK, STRING, true);

  static final StructType SUMMARIES =
      new StructType()
          .add(ATTACK, STRING, false)
          .add(EPSILON_MAX, DOUBLE, false)
          .add(ACCURACY_AUC, DOUBLE, false)
          .add(MEAN_FLIP_EPSILON, DOUBLE, true)
          .add(MEDIAN_FLIP_EPSILON, DOUBLE, true)
          .add(IMAGES_NEVER_FLIPPED, LONG, false);

  static final StructType CHECKS =
      new StructType()
          .add(ATTACK, STRING, false)
          .add(EPSILON, DOUBLE, true)
          .add(CHECK, STRING, false)
          .add(VALUE, DOUBLE, false)
          .add(THRESHOLD, DOUBLE, false)
          .add(VERDICT, STRING, false);

  /**
   * An exported adversarial image inside {@link #SCORED_IMAGES}: its epsilon, the prediction on it
   * (from the attack's float pixels) and the PNG.
   */
  static final StructType ADVERSARIAL_IMAGE =
      new StructType()
          .add(EPSILON, DOUBLE, false)
          .add(PREDICTION, INT, false)
          .add(PNG, BINARY, false);

  static final StructType ADVERSARIAL_EXAMPLES =
      new StructType()
          .add(ATTACK, STRING, false)
          .add(IMAGE_PATH, STRING, false)
          .add(LABEL, INT, false)
          .add(LABEL_NAME, STRING, false)
          .add(EPSILON, DOUBLE, false)
          .add(PREDICTION, INT, false)
          .add(PREDICTION_NAME, STRING, false)
          .add(PNG, BINARY, false);

  /** One score of an image at one epsilon, inside {@link #SCORED_IMAGES}. */
  static final StructType SCORE =
      new StructType()
          .add(EPSILON, DOUBLE, false)
          .add(PREDICTION, INT, false)
          .add(CONFIDENCE, FLOAT, false)
          .add(TRUE_CLASS_PROB, FLOAT, false)
          .add(TOP5_HIT, BOOLEAN, false)
          .add(LINF, FLOAT, false)
          .add(L2, FLOAT, false)
          .add(TOP_WRONG_PROB, FLOAT, false);

  /**
   * The job's per-image rows, not a table: every table but {@code runs} and the curves is derived
   * from them with Spark SQL.
   */
  static final StructType SCORED_IMAGES =
      new StructType()
          .add(IMAGE_PATH, STRING, false)
          .add(LABEL, INT, false)
          .add(TARGET, INT, true)
          .add(STATUS, STRING, false)
          .add(ERROR_STAGE, STRING, true)
          .add(ERROR_REASON, STRING, true)
          .add(ERROR_MESSAGE, STRING, true)
          .add(EXECUTOR_ID, STRING, false)
          .add(CLEAN_PREDICTION, INT, true)
          .add(CLEAN_CONFIDENCE, FLOAT, true)
          .add(CLEAN_TRUE_CLASS_PROB, FLOAT, true)
          .add(CLEAN_TOP5_HIT, BOOLEAN, true)
          .add(FLIP_EPSILON, DOUBLE, true)
          .add(FLIP_EPSILON_EXACT, DOUBLE, true)
          .add(ATTACK, STRING, true)
          .add(SCORES, DataTypes.createArrayType(SCORE, false), true)
          .add(ADVERSARIAL, DataTypes.createArrayType(ADVERSARIAL_IMAGE, false), true);

  static final StructType TRAINING =
      new StructType()
          .add(EPOCH, INT, false)
          .add(LOSS, DOUBLE, false)
          .add(CLEAN_ACCURACY, DOUBLE, false)
          .add(FGSM_ACCURACY, DOUBLE, false)
          .add(SECONDS, DOUBLE, false);

  static final StructType ATTEMPTS =
      new StructType()
          .add(ATTEMPT, STRING, false)
          .add(COMMAND, STRING, false)
          .add(HOST, STRING, false)
          // Null only for an abandoned attempt whose lease could not be read.
          .add(STARTED_AT, DataTypes.TimestampType, true)
          .add(ENDED_AT, DataTypes.TimestampType, true)
          .add(STATUS, STRING, false)
          .add(ERROR, STRING, true)
          .add(TOOK_OVER, STRING, true);

  private static final Map<String, StructType> BY_TABLE =
      Map.ofEntries(
          Map.entry(Tables.RUNS, RUNS),
          Map.entry(Tables.SAMPLES, SAMPLES),
          Map.entry(Tables.CURVES, CURVES),
          Map.entry(Tables.CLASS_CURVES, CLASS_CURVES),
          Map.entry(Tables.CONFIDENCE_CURVES, CONFIDENCE_CURVES),
          Map.entry(Tables.FLIPS, FLIPS),
          Map.entry(Tables.ERRORS, ERRORS),
          Map.entry(Tables.EXAMPLES, EXAMPLES),
          Map.entry(Tables.SUMMARIES, SUMMARIES),
          Map.entry(Tables.CHECKS, CHECKS),
          Map.entry(Tables.ADVERSARIAL_EXAMPLES, ADVERSARIAL_EXAMPLES),
          Map.entry(Tables.TRAINING, TRAINING),
          Map.entry(Tables.ATTEMPTS, ATTEMPTS));

  private TableSchemas() {}

  /** A table's data columns, without run_id. */
  public static StructType of(String table) {
    StructType schema = BY_TABLE.get(table);
    if (schema == null) {
      throw new IllegalArgumentException("no table named " + table + "; tables: " + Tables.ALL);
    }
    return schema;
  }

  /**
   * Fails unless {@code actual} has the table's columns, in order, with their types (nullability
   * aside: Spark derives it more loosely than the schemas state it).
   */
  static void check(String table, StructType actual) {
    StructType expected = of(table);
    boolean same = expected.size() == actual.size();
    for (int i = 0; same && i < expected.size(); i++) {
      same =
          expected.fields()[i].name().equals(actual.fields()[i].name())
              && DataType.equalsIgnoreNullability(
                  expected.fields()[i].dataType(), actual.fields()[i].dataType());
    }
    if (!same) {
      throw new IllegalArgumentException(
          "the "
              + table
              + " table being written has columns "
              + actual.simpleString()
              + ", its schema says "
              + expected.simpleString());
    }
  }

  /** A table's columns as readers see them: the data columns, then run_id. */
  public static StructType withRunId(String table) {
    return of(table).add(Tables.RUN_ID, STRING, false);
  }
}
