package io.robustness.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import io.robustness.jobs.testing.Samples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every setting in reference.conf has a check, and all of them report together, each naming its
 * key.
 */
class SettingsCoverageTest {

  /** A bad value for every key, and the text its problem must contain. */
  private static final Map<String, String[]> BAD = new LinkedHashMap<>();

  static {
    bad("dataset.uri", "\"\"", "robustness.dataset.uri is not set: set it to");
    bad(
        "dataset.layout",
        "manifest",
        "robustness.dataset.manifest is not set but robustness.dataset.layout is" + " manifest");
    bad("dataset.manifest", "\"\"", "robustness.dataset.manifest is not set");
    bad("dataset.extensions", "[]", "robustness.dataset.extensions is empty");
    bad("dataset.partitions", "-1", "robustness.dataset.partitions = -1 is below 0: use 0");
    bad("dataset.max-pixels", "0", "robustness.dataset.max-pixels = 0 must be positive");
    bad("runtime.stacking", "sideways", "robustness.runtime.stacking = \"sideways\" is not one of");
    bad("runtime.max-stacked-images", "0", "robustness.runtime.max-stacked-images = 0 is below 1");
    bad(
        "dataset.read-concurrency",
        "-1",
        "robustness.dataset.read-concurrency = -1 is below 0: use 0 to read on the scoring thread");
    bad(
        "dataset.image-column",
        "\"\"",
        "robustness.dataset.image-column is empty: name the Parquet column");
    bad(
        "dataset.label-column",
        "\" \"",
        "robustness.dataset.label-column is empty: name the Parquet column");
    bad("dataset.id-column", "[1]", "robustness.dataset.id-column must be a string");
    bad(
        "dataset.sample.fraction",
        "0",
        "robustness.dataset.sample.fraction = 0.0 must be above 0 and at most 1");
    bad(
        "dataset.sample.per-class",
        "-3",
        "robustness.dataset.sample.per-class = -3 is below 0: use 0 for no cap");
    bad(
        "dataset.sample.seed",
        "\"lucky\"",
        "robustness.dataset.sample.seed must be a whole number");
    bad("model.uri", "\"\"", "robustness.model.uri is not set");
    bad("model.input.channels", "2", "robustness.model.input.channels must be 1 or 3, got 2");
    bad(
        "model.input.height",
        "0",
        "robustness.model.input.height and input.width must be positive");
    bad("model.input.width", "-5", "got 0x-5");
    bad(
        "model.input.resize",
        "big",
        "robustness.model.input.resize = \"big\" is neither stretch nor a positive size");
    bad(
        "model.input.crop",
        "corner",
        "robustness.model.input.crop = \"corner\" is not none or center");
    bad(
        "model.input.interpolation",
        "lanczos",
        "robustness.model.input.interpolation = \"lanczos\" is not bilinear or bicubic");
    bad(
        "model.input.resize-rounding",
        "int8",
        "robustness.model.input.resize-rounding = \"int8\" is not pil or float");
    bad(
        "model.input.mean",
        "[0.1, 0.2, 0.3]",
        "robustness.model.input.mean has 3 values but input.channels is 2");
    bad("model.input.std", "[0, 1]", "robustness.model.input.std values must be positive");
    bad("model.classes", "[a, a]", "robustness.model.classes must be unique");
    bad("attack.epsilons", "[0, 2]", "robustness.attack.epsilons contains 2.0, outside [0,1]");
    bad("attack.targeted", "\"perhaps\"", "robustness.attack.targeted must be true or false");
    bad("attack.target-class", "\"\"", "robustness.attack.target-class is not set");
    bad("attack.batch-size", "0", "robustness.attack.batch-size = 0 is below 1");
    bad(
        "attack.kinds",
        "[fgsm, cw]",
        "robustness.attack.kinds contains \"cw\", which is not an attack");
    bad("attack.direction", "sideways", "robustness.attack.direction = \"sideways\" is not one of");
    bad("attack.steps", "0", "robustness.attack.steps = 0 is below 1");
    bad("attack.step-size", "-0.1", "robustness.attack.step-size = -0.1 is negative");
    bad("attack.random-start", "\"often\"", "robustness.attack.random-start must be true or false");
    bad("attack.restarts", "0", "robustness.attack.restarts = 0 is below 1");
    bad("attack.seed", "\"lucky\"", "robustness.attack.seed must be a whole number");
    bad("attack.flip-search", "\"maybe\"", "robustness.attack.flip-search must be true or false");
    bad(
        "attack.flip-tolerance",
        "2",
        "robustness.attack.flip-tolerance = 2.0 must be between 0 and 1");
    bad("output.uri", "\"\"", "robustness.output.uri is not set");
    bad(
        "output.adversarial.epsilons",
        "[0.15]",
        "robustness.output.adversarial.epsilons contains 0.15, which is not on robustness.attack.epsilons");
    bad(
        "run.id",
        "\"two words\"",
        "robustness.run.id = \"two words\" cannot name a table partition");
    bad("run.id-from", "nightly", "robustness.run.id-from = \"nightly\" is not one of");
    bad("run.stale-after", "500ms", "robustness.run.stale-after = 500 ms is below 1 s");
    bad("run.stop-timeout", "-5s", "robustness.run.stop-timeout = -5000 ms is negative");
    bad(
        "run.time-zone",
        "Mars/Olympus",
        "robustness.run.time-zone = \"Mars/Olympus\" is not a time zone");
    bad("runtime.intra-op-threads", "-2", "robustness.runtime.intra-op-threads = -2 is below 0");
    bad("report.enabled", "\"sometimes\"", "robustness.report.enabled must be true or false");
    bad("report.uri", "[1]", "robustness.report.uri must be a string");
    bad("report.examples", "-1", "robustness.report.examples = -1 is below 0");
    for (String key :
        List.of(
            "zero-gradient-share",
            "saturated-probability",
            "saturated-share",
            "iterative-margin",
            "unbounded-epsilon",
            "unbounded-accuracy",
            "loss-not-increased-share",
            "descend-drop")) {
      bad("checks." + key, "1.5", "robustness.checks." + key + " = 1.5 must be in [0, 1]");
    }
  }

  static {
    bad(
        "output.format",
        "delta",
        "robustness.output.format = delta is not one of parquet, iceberg");
    bad(
        "output.catalog.name",
        "\"my-catalog\"",
        "robustness.output.catalog.name = \"my-catalog\" is not an SQL identifier");
    bad("output.register", "maybe", "robustness.output.register must be");
    bad(
        "output.register-database",
        "\"my-db\"",
        "robustness.output.register-database = \"my-db\" is not an SQL identifier");
    bad("output.catalog.type", "mysql", "robustness.output.catalog.type = mysql is not one of");
    bad("output.catalog.uri", "[1]", "robustness.output.catalog.uri must be a string");
    bad("output.catalog.warehouse", "[1]", "robustness.output.catalog.warehouse must be a string");
    bad(
        "output.catalog.namespace",
        "\"a b\"",
        "robustness.output.catalog.namespace = \"a b\" is not an SQL identifier");
  }

  /** A bad value for every key of robustness.harden, read by {@link HardenSettings}. */
  private static final Map<String, String[]> HARDEN_BAD = new LinkedHashMap<>();

  static {
    // The training dataset has the audit dataset's keys and checks, named by their own keys.
    BAD.forEach(
        (key, bad) -> {
          if (key.startsWith("dataset.")) {
            HARDEN_BAD.put(
                "harden." + key,
                new String[] {
                  bad[0], bad[1].replace("robustness.dataset.", "robustness.harden.dataset.")
                });
          }
        });
    hardenBad(
        "validation-fraction",
        "0",
        "robustness.harden.validation-fraction = 0.0 must be above 0 and below 1");
    hardenBad("method", "pgd", "robustness.harden.method = \"pgd\" is not a method");
    hardenBad("epsilon", "2", "robustness.harden.epsilon = 2.0 must be in [0, 1]");
    hardenBad("alpha", "-1", "robustness.harden.alpha = -1.0 must be in [0, 1]");
    hardenBad("epochs", "0", "robustness.harden.epochs = 0 is below 1");
    hardenBad("batch-size", "0", "robustness.harden.batch-size = 0 is below 1");
    hardenBad("optimizer", "lbfgs", "robustness.harden.optimizer = \"lbfgs\" is not sgd or adam");
    hardenBad("learning-rate", "0", "robustness.harden.learning-rate = 0.0 must be positive");
    hardenBad("seed", "\"lucky\"", "robustness.harden.seed must be a whole number");
    hardenBad("threads", "-1", "robustness.harden.threads = -1 is below 0");
    hardenBad("output-model", "\"\"", "robustness.harden.output-model is not set");
    hardenBad(
        "static-examples.uri", "[1]", "robustness.harden.static-examples.uri must be a string");
    hardenBad(
        "static-examples.run-id",
        "[1]",
        "robustness.harden.static-examples.run-id must be a string");
  }

  private static void bad(String key, String value, String expected) {
    BAD.put(key, new String[] {value, expected});
  }

  private static void hardenBad(String key, String value, String expected) {
    HARDEN_BAD.put("harden." + key, new String[] {value, expected});
  }

  @Test
  void allBadHardenValuesAreReportedTogetherEachNamingItsKey() {
    List<String> sets = new ArrayList<>();
    HARDEN_BAD.forEach((key, bad) -> sets.add("robustness." + key + "=" + bad[0]));
    SettingsException e =
        catchThrowableOfType(
            SettingsException.class,
            () ->
                HardenSettings.from(
                    ConfigLoader.load(
                        Samples.root().resolve("conf").resolve("harden-fashion-mnist.conf"),
                        sets)));
    assertThat(e).isNotNull();
    String all = String.join("\n", e.problems());
    HARDEN_BAD.forEach((key, bad) -> assertThat(all).as(key).contains(bad[1]));
  }

  @Test
  void everyReferenceKeyHasACheck() {
    Set<String> keys =
        ConfigFactory.defaultReference().getConfig("robustness").entrySet().stream()
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    Set<String> checked = new java.util.HashSet<>(BAD.keySet());
    checked.addAll(HARDEN_BAD.keySet());
    assertThat(checked).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void allBadValuesAreReportedTogetherEachNamingItsKey() {
    List<String> sets = new ArrayList<>();
    BAD.forEach(
        (key, bad) -> {
          if (!key.equals("attack.targeted")) {
            sets.add("robustness." + key + "=" + bad[0]);
          }
        });
    List<String> problems = problems(sets);
    String all = String.join("\n", problems);
    BAD.forEach(
        (key, bad) -> {
          if (!key.equals("attack.targeted")
              && !key.equals("attack.target-class")
              && !key.equals("report.enabled")) {
            assertThat(all).as(key).contains(bad[1]);
          }
        });
    assertThat(problems).allSatisfy(p -> assertThat(p).startsWith("robustness."));
  }

  @Test
  void typeErrorsAndTargetsAreReportedWithTheRest() {
    String all =
        String.join(
            "\n",
            problems(
                List.of(
                    "robustness.attack.targeted=\"perhaps\"", "robustness.attack.batch-size=0")));
    assertThat(all)
        .contains(BAD.get("attack.targeted")[1])
        .contains(BAD.get("attack.batch-size")[1]);
    String targets =
        String.join(
            "\n",
            problems(
                List.of("robustness.attack.targeted=true", "robustness.attack.target-class=\"\"")));
    assertThat(targets).contains(BAD.get("attack.target-class")[1]);
  }

  @Test
  void theShippedConfFilesAreValid() {
    for (String name :
        List.of(
            "audit-template.conf",
            "sample-fashion-mnist.conf",
            "sample-mnist.conf",
            "sample-fashion-mnist-parquet.conf",
            "sample-fashion-mnist-webdataset.conf")) {
      SettingsReading reading =
          AuditSettings.read(
              ConfigLoader.load(Samples.root().resolve("conf").resolve(name), List.of()),
              java.time.Clock.systemUTC());
      assertThat(reading.problems()).as(name).isEmpty();
    }
    HardenSettings harden =
        HardenSettings.from(
            ConfigLoader.load(
                Samples.root().resolve("conf").resolve("harden-fashion-mnist.conf"), List.of()));
    assertThat(harden.spec().method().configName()).isEqualTo("fgsm-mixed");
  }

  @Test
  void hadoopSettingsMustBeSingleValues() {
    assertThat(String.join("\n", problems(List.of("robustness.hadoop.\"fs.s3a.endpoint\"=[1, 2]"))))
        .contains("robustness.hadoop.\"fs.s3a.endpoint\" must be a single value");
    assertThat(
            AuditSettings.from(
                    ConfigLoader.load(
                        Samples.conf("mnist"),
                        List.of("robustness.hadoop.\"fs.s3a.endpoint\"=http://127.0.0.1:9000")))
                .hadoop())
        .containsEntry("fs.s3a.endpoint", "http://127.0.0.1:9000");
  }

  private static List<String> problems(List<String> sets) {
    SettingsException e =
        catchThrowableOfType(
            SettingsException.class,
            () -> AuditSettings.from(ConfigLoader.load(Samples.conf("mnist"), sets)));
    assertThat(e).isNotNull();
    return e.problems();
  }
}
