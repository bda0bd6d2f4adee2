package io.robustness.jobs.dataset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.robustness.core.dataset.ClassCaps;
import io.robustness.core.dataset.SampleRule;
import io.robustness.core.image.FailureReason;
import io.robustness.core.scoring.ScoredImage;
import io.robustness.jobs.config.DatasetSettings;
import io.robustness.jobs.config.Keys;
import io.robustness.jobs.config.SettingsException;
import io.robustness.jobs.runtime.HadoopConf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet files with the images in a column. The driver lists the files and has their footers
 * checked on the executors (a file that cannot be opened becomes an errors row naming it); Spark's
 * Parquet reader then splits the good files into tasks, and rows stream into work items without the
 * driver ever seeing one. Labels are checked against the classes before scoring, from the label
 * column alone.
 */
record ParquetSource(SourceContext context) implements DatasetSource {

  private static final String BYTES_FIELD = "bytes";

  @Override
  public Work open(SparkSession spark) throws IOException {
    DatasetSettings dataset = context.dataset();
    // Locals, not fields: the closures shipped to executors must not capture this source.
    int target = context.targets().fixed();
    Map<String, String> hadoop = context.hadoop();
    DataFiles listing = ParquetFiles.of(dataset.uri(), spark.sparkContext().hadoopConfiguration());
    if (listing.problem() != null) {
      throw new SettingsException(List.of(listing.problem()));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<String> files = listing.files();
    List<String[]> checked =
        jsc.parallelize(files, Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 4)))
            .map(
                f -> new String[] {f, ParquetFiles.footerProblem(f, HadoopConf.onExecutor(hadoop))})
            .collect();
    List<String> good = new ArrayList<>();
    List<WorkItem> bad = new ArrayList<>();
    for (String[] c : checked) {
      if (c[1] == null) {
        good.add(c[0]);
      } else {
        bad.add(
            WorkItem.failed(
                c[0],
                -1,
                target,
                ScoredImage.Stage.READ,
                FailureReason.UNREADABLE_FILE,
                "Parquet file " + c[0] + " cannot be read: " + c[1]));
      }
    }
    JavaRDD<WorkItem> failures = jsc.parallelize(bad, 1);
    if (good.isEmpty()) {
      return new Work(
          failures, bad.size(), listing.skipped(), files.size() + " unreadable Parquet files");
    }
    Dataset<Row> table =
        spark.read().option("basePath", listing.root()).parquet(good.toArray(String[]::new));
    Dataset<Row> rows = project(table, dataset, listing.root());
    LabelIndex labels = labelIndices(rows, context.classes(), dataset);
    ClassCaps.Thresholds thresholds = thresholds(rows, dataset.sample(), labels, listing.root());
    String root = listing.root();
    JavaRDD<WorkItem> items =
        rows.javaRDD().mapPartitions(p -> new RowItems(p, labels, target, thresholds, root));
    if (dataset.partitions() > 0) {
      items = items.repartition(dataset.partitions());
    }
    return new Work(
        items.union(failures),
        -1,
        listing.skipped(),
        String.format(
            Locale.ROOT,
            "%,d Parquet files (%d unreadable) in %d partitions",
            files.size(),
            bad.size(),
            items.getNumPartitions()));
  }

  /** The id, label (as text) and encoded image of every row, or the settings problems. */
  private static Dataset<Row> project(Dataset<Row> table, DatasetSettings dataset, String root) {
    StructType schema = table.schema();
    List<String> problems = new ArrayList<>();
    Column image = imageColumn(schema, dataset.imageColumn(), problems);
    DataType labelType = type(schema, dataset.labelColumn(), Keys.DATASET_LABEL_COLUMN, problems);
    if (labelType != null
        && !(labelType instanceof IntegralType || labelType instanceof StringType)) {
      problems.add(
          Keys.DATASET_LABEL_COLUMN
              + " = "
              + dataset.labelColumn()
              + " has type "
              + labelType.simpleString()
              + ": it must hold class indices (integers) or names (strings)");
    }
    Column id;
    if (dataset.idColumn() != null) {
      type(schema, dataset.idColumn(), Keys.DATASET_ID_COLUMN, problems);
      id = col(dataset.idColumn()).cast("string");
    } else {
      id = concat(col("_metadata.file_path"), lit("#"), col("_metadata.row_index").cast("string"));
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return table.select(
        id.as("id"), col(dataset.labelColumn()).cast("string").as("label"), image.as("image"));
  }

  private static Column imageColumn(StructType schema, String name, List<String> problems) {
    DataType type = type(schema, name, Keys.DATASET_IMAGE_COLUMN, problems);
    if (type instanceof BinaryType) {
      return col(name);
    }
    if (type instanceof StructType struct
        && Arrays.asList(struct.fieldNames()).contains(BYTES_FIELD)
        && struct.apply(BYTES_FIELD).dataType() instanceof BinaryType) {
      return col(name).getField(BYTES_FIELD);
    }
    if (type != null) {
      problems.add(
          Keys.DATASET_IMAGE_COLUMN
              + " = "
              + name
              + " has type "
              + type.simpleString()
              + ": it must be binary (encoded image bytes) or a struct with a binary field bytes, "
              + "as Hugging Face datasets writes images");
    }
    return lit(null);
  }

  private static DataType type(StructType schema, String name, String key, List<String> problems) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f.dataType();
      }
    }
    problems.add(
        key
            + " = "
            + name
            + " is not a column of the Parquet files, whose columns are "
            + Arrays.toString(schema.fieldNames()));
    return null;
  }

  /**
   * The class index of every label value the column holds, resolved once here rather than per row.
   * Every distinct label must name a class, and every one is checked, on the executors, however
   * many there are (a column may mix names, indices and spellings like " 3" or "03"): only the
   * values that name no class come back, a few at most, and refuse the run before scoring.
   */
  private static LabelIndex labelIndices(
      Dataset<Row> rows, Classes classes, DatasetSettings dataset) {
    Dataset<Row> distinct = rows.select("label").distinct();
    List<Row> bad =
        distinct
            .filter((FilterFunction<Row>) r -> r.isNullAt(0) || classes.index(r.getString(0)) < 0)
            .limit(ManifestListing.SHOWN_PROBLEMS)
            .collectAsList();
    List<String> problems = new ArrayList<>();
    for (Row r : bad) {
      String label = r.isNullAt(0) ? null : r.getString(0);
      problems.add(
          Keys.DATASET_LABEL_COLUMN
              + " = "
              + dataset.labelColumn()
              + " holds "
              + (label == null ? "empty labels" : "'" + label + "'")
              + ", which is neither a class name of "
              + Keys.MODEL_CLASSES
              + " nor an index below "
              + classes.count()
              + ": fix the data, or the classes in the model's output order");
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    Map<String, Integer> indices = new HashMap<>();
    for (Row r : distinct.limit(4 * classes.count()).collectAsList()) {
      indices.put(r.getString(0), classes.index(r.getString(0)));
    }
    return new LabelIndex(indices, classes);
  }

  /**
   * Label values to class indices: the column's usual distinct values, resolved once; any other
   * (all were checked to name a class) is resolved by the classes.
   */
  private record LabelIndex(Map<String, Integer> known, Classes classes)
      implements java.io.Serializable {

    int of(String label) {
      Integer index = known.get(label);
      return index != null ? index : classes.index(label);
    }
  }

  private static ClassCaps.Thresholds thresholds(
      Dataset<Row> rows, SampleRule rule, LabelIndex labels, String root) {
    if (rule.keepsEverything()) {
      return null;
    }
    if (!rule.capsClasses()) {
      return ClassCaps.Thresholds.uncapped(rule);
    }
    // Columns id and label only: Parquet reads neither the images nor any other column.
    return rows.select("id", "label")
        .javaRDD()
        .aggregate(
            new ClassCaps(rule),
            (caps, r) ->
                caps.offer(labels.of(r.getString(1)), SampleIds.relative(root, r.getString(0))),
            ClassCaps::merge)
        .thresholds();
  }

  /** Rows (id, label text, image bytes) into work items, keeping the sampled ones. */
  private static final class RowItems implements Iterator<WorkItem> {
    private final Iterator<Row> rows;
    private final LabelIndex labels;
    private final int target;
    private final ClassCaps.Thresholds sample;
    private final String root;
    private WorkItem next;

    RowItems(
        Iterator<Row> rows,
        LabelIndex labels,
        int target,
        ClassCaps.Thresholds sample,
        String root) {
      this.rows = rows;
      this.labels = labels;
      this.target = target;
      this.sample = sample;
      this.root = root;
    }

    @Override
    public boolean hasNext() {
      while (next == null && rows.hasNext()) {
        Row r = rows.next();
        String id = r.getString(0);
        int label = labels.of(r.getString(1));
        if (sample == null || sample.keeps(label, SampleIds.relative(root, id))) {
          byte[] bytes = r.isNullAt(2) ? null : (byte[]) r.get(2);
          next =
              bytes == null
                  ? WorkItem.failed(
                      id,
                      label,
                      target,
                      ScoredImage.Stage.DECODE,
                      FailureReason.EMPTY_IMAGE,
                      "the row's image is empty")
                  : WorkItem.inline(id, label, target, bytes);
        }
      }
      return next != null;
    }

    @Override
    public WorkItem next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      WorkItem item = next;
      next = null;
      return item;
    }
  }
}
