package io.robustness.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.robustness.core.model.ModelSpec;
import io.robustness.jobs.tables.Tables;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every setting of an audit, read and validated at once from layered config (see {@link
 * ConfigLoader}). The constructor throws a {@link SettingsException} listing every problem, each
 * with its key and a fix, before any Spark work starts. Driver-side only: executors get {@code
 * ScoringPlan} records, never this or a {@code Config}.
 */
public final class AuditSettings {

  public static final String ROOT = "robustness";

  /** Free-form Hadoop settings under robustness.hadoop. */
  static final String HADOOP_SECTION = "hadoop";

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final String RUN_ID_FROM_START_TIME = "start-time";
  static final String RUN_ID_FROM_START_DATE = "start-date";
  private static final DateTimeFormatter RUN_ID_FROM_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String datasetUri;
  private final DatasetLayout layout;
  private final String manifestUri;
  private final List<String> extensions;
  private final int partitions;
  private final long maxPixels;
  private final String modelUri;
  private final ModelSpec spec;
  private final List<String> classes;
  private final List<Double> epsilons;
  private final boolean targeted;
  private final int targetClass;
  private final int batchSize;
  private final String outputUri;
  private final String runId;
  private final int intraOpThreads;
  private final Map<String, String> hadoop;
  private final boolean reportEnabled;
  private final String reportUri;
  private final int reportExamples;
  private final Instant startedAt;
  private final String configJson;
  private final List<String> problems;

  private AuditSettings(Config config, Clock clock) {
    ProblemCollector p = new ProblemCollector(config);
    UnknownKeys.problems(config).forEach(p::add);
    datasetUri =
        required(
            p, config, "robustness.dataset.uri", "the folder or bucket prefix holding the images");
    layout = layout(p);
    manifestUri = manifest(p, config);
    extensions = extensions(p);
    partitions =
        atLeast(
            p,
            p.integer("robustness.dataset.partitions"),
            0,
            "robustness.dataset.partitions",
            "use 0 for one partition per executor core");
    maxPixels = maxPixels(p);
    modelUri = required(p, config, "robustness.model.uri", "the TorchScript file of the model");
    spec = spec(p);
    classes = spec != null ? spec.classes() : classesAlone(config);
    epsilons = epsilons(p);
    Boolean isTargeted = p.bool("robustness.attack.targeted");
    targeted = isTargeted != null && isTargeted;
    targetClass = targetClass(p);
    batchSize =
        atLeast(
            p,
            p.integer("robustness.attack.batch-size"),
            1,
            "robustness.attack.batch-size",
            "use a positive number of images per gradient pass, like 64");
    outputUri =
        required(
            p,
            config,
            "robustness.output.uri",
            "the folder or bucket prefix for the result tables");
    hadoop = hadoop(p, config);
    Boolean report = p.bool("robustness.report.enabled");
    reportEnabled = report == null || report;
    String reportValue = p.string("robustness.report.uri");
    reportUri =
        reportValue == null || reportValue.isBlank()
            ? null
            : LocalPaths.resolve(config, "robustness.report.uri", reportValue.trim());
    reportExamples =
        atLeast(
            p,
            p.integer("robustness.report.examples"),
            0,
            "robustness.report.examples",
            "use 0 for no example images, or a handful like 6");
    startedAt = clock.instant();
    runId = runId(p);
    intraOpThreads =
        atLeast(
            p,
            p.integer("robustness.runtime.intra-op-threads"),
            0,
            "robustness.runtime.intra-op-threads",
            "use 0 for spark.task.cpus");
    problems = List.copyOf(p.problems());
    configJson = problems.isEmpty() ? redactedJson(config) : null;
  }

  /** Reads and validates {@code config}; throws {@link SettingsException} with every problem. */
  public static AuditSettings from(Config config) {
    return from(config, Clock.systemUTC());
  }

  public static AuditSettings from(Config config, Clock clock) {
    AuditSettings settings = new AuditSettings(config, clock);
    if (!settings.problems.isEmpty()) {
      throw new SettingsException(settings.problems);
    }
    return settings;
  }

  /**
   * Reads {@code config} without throwing: fields that could not be read are null and {@link
   * #problems()} says why. For checks that want to add their own findings (the dataset, the model)
   * before reporting everything.
   */
  public static AuditSettings collect(Config config) {
    return new AuditSettings(config, Clock.systemUTC());
  }

  /** Problems found while reading; empty for settings returned by {@link #from}. */
  public List<String> problems() {
    return problems;
  }

  private static String required(ProblemCollector p, Config config, String key, String what) {
    String value = p.string(key);
    if (value != null && value.isBlank()) {
      p.add(key + " is not set: set it to " + what + " (file://, s3a://, hdfs:// or a local path)");
      return null;
    }
    return value == null ? null : LocalPaths.resolve(config, key, value.trim());
  }

  private static DatasetLayout layout(ProblemCollector p) {
    String value = p.string("robustness.dataset.layout");
    if (value == null) {
      return null;
    }
    return DatasetLayout.parse(value)
        .orElseGet(
            () -> {
              p.add(
                  "robustness.dataset.layout = \""
                      + value
                      + "\" is not a layout: use class-folders or manifest");
              return null;
            });
  }

  private String manifest(ProblemCollector p, Config config) {
    String value = p.string("robustness.dataset.manifest");
    if (layout == DatasetLayout.MANIFEST && value != null && value.isBlank()) {
      p.add(
          "robustness.dataset.manifest is not set but robustness.dataset.layout is manifest: set it to a CSV or "
              + "Parquet file with columns path,label[,target]");
    }
    return value == null || value.isBlank()
        ? null
        : LocalPaths.resolve(config, "robustness.dataset.manifest", value.trim());
  }

  private static List<String> extensions(ProblemCollector p) {
    List<String> values = p.strings("robustness.dataset.extensions");
    if (values == null) {
      return List.of();
    }
    if (values.isEmpty()) {
      p.add(
          "robustness.dataset.extensions is empty, so no file would be read: list image extensions like "
              + "[\"png\", \"jpg\"]");
    }
    return values.stream().map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "")).toList();
  }

  private static long maxPixels(ProblemCollector p) {
    Long value = p.longValue("robustness.dataset.max-pixels");
    if (value != null && value <= 0) {
      p.add("robustness.dataset.max-pixels = " + value + " must be positive, like 100000000");
    }
    return value == null ? 1 : value;
  }

  private static int atLeast(ProblemCollector p, Integer value, int min, String key, String fix) {
    if (value == null) {
      return min;
    }
    if (value < min) {
      p.add(key + " = " + value + " is below " + min + ": " + fix);
      return min;
    }
    return value;
  }

  private static ModelSpec spec(ProblemCollector p) {
    Integer channels = p.integer("robustness.model.input.channels");
    Integer height = p.integer("robustness.model.input.height");
    Integer width = p.integer("robustness.model.input.width");
    List<Double> mean = p.doubles("robustness.model.input.mean");
    List<Double> std = p.doubles("robustness.model.input.std");
    List<String> classes = p.strings("robustness.model.classes");
    if (channels == null
        || height == null
        || width == null
        || mean == null
        || std == null
        || classes == null) {
      return null;
    }
    if (mean.isEmpty() && std.isEmpty()) {
      mean = Collections.nCopies(Math.max(channels, 0), 0.0);
      std = Collections.nCopies(Math.max(channels, 0), 1.0);
    }
    List<String> problems = ModelSpec.problems(channels, height, width, mean, std, classes);
    for (String problem : problems) {
      p.add("robustness.model." + problem + fixFor(problem));
    }
    return problems.isEmpty() ? new ModelSpec(channels, height, width, mean, std, classes) : null;
  }

  /**
   * The class list when the spec as a whole is invalid, so the dataset can still be checked against
   * it.
   */
  private static List<String> classesAlone(Config config) {
    try {
      List<String> names = config.getStringList("robustness.model.classes");
      return names.isEmpty() ? null : List.copyOf(names);
    } catch (com.typesafe.config.ConfigException e) {
      return null;
    }
  }

  private static String fixFor(String problem) {
    if (problem.startsWith("input.mean") || problem.startsWith("input.std has")) {
      return ": give one value per channel, or empty lists for no normalization";
    }
    if (problem.startsWith("classes")) {
      return " (robustness.model.classes)";
    }
    return "";
  }

  private static List<Double> epsilons(ProblemCollector p) {
    List<Double> values = p.doubles("robustness.attack.epsilons");
    if (values == null) {
      return List.of();
    }
    if (values.isEmpty()) {
      p.add(
          "robustness.attack.epsilons is empty: list step sizes in pixel units of [0,1], like [0, 0.01, 0.1]");
    }
    for (Double eps : values) {
      if (!(eps >= 0 && eps <= 1)) {
        p.add(
            "robustness.attack.epsilons contains "
                + eps
                + ", outside [0,1]: epsilons are in pixel units of "
                + "[0,1] (8/255 = 0.031)");
      }
    }
    if (new HashSet<>(values).size() != values.size()) {
      p.add("robustness.attack.epsilons has duplicates " + values + ": list each step size once");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return List.copyOf(sorted);
  }

  private int targetClass(ProblemCollector p) {
    String value = p.string("robustness.attack.target-class");
    if (value == null || value.isBlank()) {
      if (targeted && layout != DatasetLayout.MANIFEST) {
        p.add(
            "robustness.attack.targeted is true but robustness.attack.target-class is not set: name the target "
                + "class (or its index), or use a manifest with a target column");
      }
      return -1;
    }
    if (spec == null) {
      return -1;
    }
    int index = spec.classIndex(value);
    if (index < 0) {
      p.add(
          "robustness.attack.target-class = \""
              + value
              + "\" is neither a class name of robustness.model.classes"
              + " nor an index below "
              + spec.numClasses());
      return -1;
    }
    return index;
  }

  private String runId(ProblemCollector p) {
    String value = p.string("robustness.run.id");
    String generated = generatedRunId(p);
    if (value == null || value.isBlank()) {
      return generated;
    }
    if (!RUN_ID.matcher(value).matches()) {
      p.add(
          "robustness.run.id = \""
              + value
              + "\" cannot name a table partition: use letters, digits, '.', '_' "
              + "and '-', starting with a letter or digit");
    }
    return value;
  }

  /**
   * A scheduler that cannot template a date (a Kubernetes ScheduledSparkApplication) still gets one
   * run per night: with {@code id-from = start-date} a rerun the same day replaces that day's run.
   * Checked even when run.id is set, so that a bad value never waits for the night it matters.
   */
  private String generatedRunId(ProblemCollector p) {
    String zoneName = p.string("robustness.run.time-zone");
    ZoneId zone = ZoneOffset.UTC;
    if (zoneName != null) {
      try {
        zone = ZoneId.of(zoneName.trim());
      } catch (java.time.DateTimeException e) {
        p.add(
            "robustness.run.time-zone = \""
                + zoneName
                + "\" is not a time zone: use an IANA name like UTC or Europe/Berlin");
      }
    }
    String from = p.string("robustness.run.id-from");
    if (RUN_ID_FROM_START_DATE.equals(from)) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(startedAt.atZone(zone));
    }
    if (from != null && !from.equals(RUN_ID_FROM_START_TIME)) {
      p.add(
          "robustness.run.id-from = \""
              + from
              + "\" is not one of \""
              + RUN_ID_FROM_START_TIME
              + "\", \""
              + RUN_ID_FROM_START_DATE
              + "\"");
    }
    return RUN_ID_FROM_TIME.format(startedAt);
  }

  private static Map<String, String> hadoop(ProblemCollector p, Config config) {
    String key = ROOT + "." + HADOOP_SECTION;
    Map<String, String> out = new java.util.TreeMap<>();
    if (!config.hasPath(key)) {
      return out;
    }
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : config.getConfig(key).entrySet()) {
      String name = String.join(".", com.typesafe.config.ConfigUtil.splitPath(e.getKey()));
      Object value = e.getValue().unwrapped();
      if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        out.put(name, String.valueOf(value));
      } else {
        p.add(
            key
                + ".\""
                + name
                + "\" must be a single value (quote the whole Hadoop key, like "
                + "\"fs.s3a.endpoint\" = \"http://...\")");
      }
    }
    return out;
  }

  private static String redactedJson(Config config) {
    Config robustness = config.getConfig(ROOT);
    for (Map.Entry<String, com.typesafe.config.ConfigValue> entry : robustness.entrySet()) {
      String key = entry.getKey();
      Object raw = entry.getValue().unwrapped();
      if (Secrets.isSecretKey(key)) {
        robustness = robustness.withValue(key, ConfigValueFactory.fromAnyRef(Secrets.REDACTED));
      } else if (raw instanceof String s) {
        robustness =
            robustness.withValue(key, ConfigValueFactory.fromAnyRef(Secrets.stripUserInfo(s)));
      }
    }
    return robustness.root().render(ConfigRenderOptions.concise());
  }

  public String datasetUri() {
    return datasetUri;
  }

  public DatasetLayout layout() {
    return layout;
  }

  /** The manifest file, or null in layout class-folders. */
  public String manifestUri() {
    return manifestUri;
  }

  public List<String> extensions() {
    return extensions;
  }

  /** Requested partitions; 0 means Spark's default parallelism. */
  public int partitions() {
    return partitions;
  }

  public long maxPixels() {
    return maxPixels;
  }

  public String modelUri() {
    return modelUri;
  }

  public ModelSpec spec() {
    return spec;
  }

  /**
   * Class names in output order; available even when {@link #spec()} is null because of another
   * problem.
   */
  public List<String> classes() {
    return classes;
  }

  /** Sorted ascending. */
  public List<Double> epsilons() {
    return epsilons;
  }

  public boolean targeted() {
    return targeted;
  }

  /** The configured target class index, or -1. */
  public int targetClass() {
    return targetClass;
  }

  public int batchSize() {
    return batchSize;
  }

  public String outputUri() {
    return outputUri;
  }

  public String runId() {
    return runId;
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public boolean reportEnabled() {
    return reportEnabled;
  }

  /** Where the report goes: robustness.report.uri, or {@code <output>/reports/<run_id>.html}. */
  public String reportUri() {
    if (reportUri != null) {
      return reportUri;
    }
    return outputUri == null ? null : Tables.defaultReportUri(outputUri, runId);
  }

  public int reportExamples() {
    return reportExamples;
  }

  /** Hadoop settings for the job's file systems (may hold secrets: never log or store them). */
  public Map<String, String> hadoop() {
    return hadoop;
  }

  /** The robustness settings as JSON, secrets redacted; stored in runs.config_json. */
  public String configJson() {
    return configJson;
  }
}
