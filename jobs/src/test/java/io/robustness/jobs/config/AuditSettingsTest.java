package io.robustness.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.robustness.jobs.testing.Samples;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {

  private static AuditSettings settings(String... sets) {
    return AuditSettings.from(ConfigLoader.load(Samples.conf("fashion-mnist"), List.of(sets)));
  }

  private static List<String> problems(String... sets) {
    SettingsException e = catchThrowableOfType(SettingsException.class, () -> settings(sets));
    assertThat(e).as("settings should be refused").isNotNull();
    return e.problems();
  }

  @Test
  void theSampleConfIsValidAndResolvesPathsBesideIt() {
    AuditSettings s = settings();
    Path root = Samples.root();
    assertThat(s.dataset().uri())
        .isEqualTo(root.resolve("sample-data/fashion-mnist/images").toUri().toString());
    assertThat(s.model().uri())
        .isEqualTo(root.resolve("sample-data/fashion-mnist/model.pt").toUri().toString());
    assertThat(s.model().spec().classes()).hasSize(10).startsWith("t-shirt_top");
    assertThat(s.attack().epsilons()).containsExactly(0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3);
    assertThat(s.dataset().layout()).isEqualTo(DatasetLayout.CLASS_FOLDERS);
    assertThat(s.run().id()).matches("\\d{8}T\\d{6}Z");
  }

  private static String runIdAt(String instant, String... sets) {
    return AuditSettings.from(
            ConfigLoader.load(Samples.conf("fashion-mnist"), List.of(sets)),
            Clock.fixed(Instant.parse(instant), ZoneOffset.UTC))
        .run()
        .id();
  }

  @Test
  void aStartDateIdNamesTheNightSoThatRerunsThatDayReplaceIt() {
    String[] nightly = {"robustness.run.id-from=start-date"};
    assertThat(runIdAt("2026-11-24T01:30:00Z", nightly)).isEqualTo("2026-11-24");
    assertThat(runIdAt("2026-11-24T23:59:59Z", nightly)).isEqualTo("2026-11-24");
    assertThat(runIdAt("2026-11-25T00:00:00Z", nightly)).isEqualTo("2026-11-25");
    // 23:30 UTC is already the next day in Berlin
    assertThat(
            runIdAt(
                "2026-11-24T23:30:00Z",
                "robustness.run.id-from=start-date",
                "robustness.run.time-zone=Europe/Berlin"))
        .isEqualTo("2026-11-25");
    assertThat(runIdAt("2026-11-24T01:30:00Z")).isEqualTo("20261124T013000Z");
    assertThat(
            runIdAt(
                "2026-11-24T01:30:00Z",
                "robustness.run.id=2026-11-23",
                "robustness.run.id-from=start-date"))
        .as("an explicit id (a scheduler's date) wins")
        .isEqualTo("2026-11-23");
  }

  @Test
  void everyProblemIsListedAtOnceWithItsKey() {
    List<String> problems =
        problems(
            "robustness.dataset.layout=folders",
            "robustness.attack.epsilons=[-0.1, 0.05, 1.5]",
            "robustness.model.input.mean=[0.5, 0.5]",
            "robustness.model.input.std=[0.2, 0.2, 0.2]",
            "robustness.attack.batch-size=0",
            "robustness.run.id=../escape");
    assertThat(problems).hasSize(7);
    String all = String.join("\n", problems);
    assertThat(all)
        .contains(
            "robustness.dataset.layout = \"folders\" is not a layout: use one of class-folders, manifest, parquet, webdataset")
        .contains("robustness.attack.epsilons contains -0.1, outside [0,1]")
        .contains("robustness.attack.epsilons contains 1.5, outside [0,1]")
        .contains("robustness.model.input.mean has 2 values but input.channels is 1")
        .contains("robustness.model.input.std has 3 values")
        .contains("robustness.attack.batch-size = 0 is below 1")
        .contains("robustness.run.id = \"../escape\"");
  }

  @Test
  void apgdIsRefusedWhereItCannotRunNamingTheKindAndTheAlternative() {
    assertThat(settings("robustness.attack.kinds=[fgsm, apgd-ce, apgd-dlr]").attackSpecs())
        .extracting(a -> a.name())
        .containsExactly("fgsm", "apgd-ce", "apgd-dlr");
    assertThat(
            problems(
                "robustness.attack.kinds=[pgd, apgd-ce]",
                "robustness.attack.targeted=true",
                "robustness.attack.target-class=0"))
        .singleElement()
        .asString()
        .contains("robustness.attack.kinds contains apgd-ce, which is untargeted")
        .contains("use fgsm, bim or pgd");
    assertThat(
            problems("robustness.attack.kinds=[apgd-dlr]", "robustness.attack.direction=descend"))
        .singleElement()
        .asString()
        .contains("apgd-dlr, which climbs its loss");
  }

  @Test
  void requiredKeysAreNamed() {
    List<String> problems =
        problems(
            "robustness.dataset.uri=\"\"",
            "robustness.model.uri=\"\"",
            "robustness.output.uri=\"\"");
    assertThat(String.join("\n", problems))
        .contains("robustness.dataset.uri is not set")
        .contains("robustness.model.uri is not set")
        .contains("robustness.output.uri is not set");
  }

  @Test
  void wrongTypesAndTyposAreReportedWithTheOtherProblems() {
    List<String> problems =
        problems(
            "robustness.attack.batch-size=lots",
            "robustness.atack.targeted=true",
            "robustness.attack.epsilons=[0, 2]");
    assertThat(problems).hasSize(3);
    assertThat(String.join("\n", problems))
        .contains("robustness.attack.batch-size must be a whole number")
        .contains(
            "robustness.atack.targeted is not a setting; did you mean robustness.attack.targeted?")
        .contains("contains 2.0, outside [0,1]");
  }

  @Test
  void targetedNeedsATargetThatIsAClass() {
    assertThat(String.join("\n", problems("robustness.attack.targeted=true")))
        .contains("robustness.attack.target-class is not set");
    assertThat(
            String.join(
                "\n",
                problems(
                    "robustness.attack.targeted=true", "robustness.attack.target-class=spaceship")))
        .contains("\"spaceship\" is neither a class name");
    assertThat(
            settings("robustness.attack.targeted=true", "robustness.attack.target-class=bag")
                .attack()
                .targetClass())
        .isEqualTo(8);
    assertThat(
            settings("robustness.attack.targeted=true", "robustness.attack.target-class=3")
                .attack()
                .targetClass())
        .isEqualTo(3);
  }

  @Test
  void emptyMeanAndStdMeanNoNormalization() {
    AuditSettings s = settings("robustness.model.input.mean=[]", "robustness.model.input.std=[]");
    assertThat(s.model().spec().isIdentityNormalization()).isTrue();
    assertThat(s.model().spec().mean()).containsExactly(0.0);
  }

  @Test
  void configJsonHidesSecrets() {
    AuditSettings s = settings("robustness.dataset.uri=s3a://AKIAEXAMPLE:hunter2@bucket/images");
    assertThat(s.configJson())
        .doesNotContain("AKIAEXAMPLE")
        .doesNotContain("hunter2")
        .contains("s3a://*****@bucket");
  }

  @Test
  void extensionsAreRefusedWhereTheyWouldFilterNothing() {
    assertThat(settings("robustness.dataset.extensions=[png]").dataset().extensions())
        .containsExactly("png");
    assertThat(
            String.join(
                "\n",
                problems(
                    "robustness.dataset.layout=parquet", "robustness.dataset.extensions=[png]")))
        .contains("robustness.dataset.extensions = [png] only filters class folders");
    assertThat(settings("robustness.dataset.layout=parquet").dataset().layout())
        .isEqualTo(DatasetLayout.PARQUET);
  }

  @Test
  void icebergNeedsWhatItsCatalogTypeNeeds() {
    assertThat(
            String.join(
                "\n",
                problems(
                    "robustness.output.format=iceberg", "robustness.output.catalog.type=jdbc")))
        .contains("robustness.output.catalog.warehouse is not set: a jdbc catalog needs")
        .contains("robustness.output.catalog.uri is not set: a jdbc catalog needs its JDBC URL");
    assertThat(
            String.join(
                "\n",
                problems(
                    "robustness.output.format=iceberg", "robustness.output.catalog.type=rest")))
        .contains("robustness.output.catalog.uri is not set: a rest catalog needs its URL")
        .doesNotContain("warehouse");
    assertThat(
            String.join(
                "\n",
                problems(
                    "robustness.output.format=iceberg",
                    "robustness.output.catalog.type=glue",
                    "robustness.output.catalog.warehouse=\"s3://b/w\"",
                    "robustness.output.catalog.name=spark_catalog")))
        .contains("glue needs Iceberg's AWS bundle")
        .contains("spark_catalog is Spark's session catalog");
  }

  @Test
  void anIcebergCatalogOnSqliteResolvesItsFileBesideTheConfAndHidesSecrets() {
    AuditSettings s =
        settings(
            "robustness.output.format=iceberg",
            "robustness.output.catalog.type=jdbc",
            "robustness.output.catalog.uri=\"jdbc:sqlite:cat/catalog.db\"",
            "robustness.output.catalog.warehouse=\"/tmp/w\"",
            "robustness.output.catalog.properties.\"jdbc.password\"=hunter2",
            "robustness.output.catalog.properties.\"io-impl\"=org.apache.iceberg.hadoop.HadoopFileIO");
    assertThat(s.output().format()).isEqualTo(TableFormat.ICEBERG);
    CatalogSettings catalog = s.output().catalog();
    // --set values resolve against the current directory
    assertThat(catalog.uri())
        .isEqualTo("jdbc:sqlite:" + Path.of("").toAbsolutePath().resolve("cat/catalog.db"));
    assertThat(catalog.namespace()).isEqualTo("robustness");
    assertThat(catalog.properties())
        .containsEntry("jdbc.password", "hunter2")
        .containsEntry("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO");
    assertThat(s.configJson()).contains("jdbc.password").doesNotContain("hunter2");
    assertThat(settings().output().format()).isEqualTo(TableFormat.PARQUET);
    assertThat(settings().output().catalog()).isNull();
  }
}
