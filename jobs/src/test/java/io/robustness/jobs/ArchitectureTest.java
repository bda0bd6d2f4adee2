package io.robustness.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a reader of {@code jobs} may rely on: the packages form a ladder (settings and tables at the
 * bottom, the audit above them, the command line on top), only the command line talks to the
 * console, and only {@code config} reads Typesafe Config.
 */
@AnalyzeClasses(
    packages = "io.robustness.jobs",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule packagesFormNoCycle =
      slices().matching("io.robustness.jobs.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheCommandLinePrints =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.robustness.jobs.cli..")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .orShould()
          .callMethod(Throwable.class, "printStackTrace")
          .because("jobs log through SLF4J and return results; commands decide what users see");

  @ArchTest
  static final ArchRule settingsStandOnTheCoreAlone =
      noClasses()
          .that()
          .resideInAPackage("io.robustness.jobs.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.robustness.jobs.audit..",
              "io.robustness.jobs.tables..",
              "io.robustness.jobs.output..",
              "io.robustness.jobs.compare..",
              "io.robustness.jobs.report..",
              "io.robustness.jobs.cli..",
              "org.apache.spark..",
              "org.apache.hadoop..");

  @ArchTest
  static final ArchRule tablesKnowNoSettingsNorWhoWritesThem =
      noClasses()
          .that()
          .resideInAPackage("io.robustness.jobs.tables..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.robustness.jobs.config..",
              "io.robustness.jobs.output..",
              "io.robustness.jobs.audit..",
              "io.robustness.jobs.compare..",
              "io.robustness.jobs.report..",
              "io.robustness.jobs.cli..");

  @ArchTest
  static final ArchRule theStoreKnowsOnlyHadoop =
      noClasses()
          .that()
          .resideInAPackage("io.robustness.jobs.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.robustness.jobs.audit..",
              "io.robustness.jobs.tables..",
              "io.robustness.jobs.config..",
              "io.robustness.jobs.cli..",
              "org.apache.spark..")
          .because("retrying store calls is the same for every writer and reader of files");

  @ArchTest
  static final ArchRule datasetsKnowNeitherTheAuditNorTablesNorTheCommandLine =
      noClasses()
          .that()
          .resideInAPackage("io.robustness.jobs.dataset..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.robustness.jobs.audit..",
              "io.robustness.jobs.tables..",
              "io.robustness.jobs.cli..",
              "io.robustness.jobs.harden..",
              "io.robustness.jobs.compare..",
              "io.robustness.jobs.report..",
              "io.robustness.jobs.bench..")
          .because("audit, harden and convert read every layout through the same sources");

  @ArchTest
  static final ArchRule runtimeHelpersNeedOnlyTheStore =
      noClasses()
          .that()
          .resideInAPackage("io.robustness.jobs.runtime..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.robustness.jobs.audit..",
              "io.robustness.jobs.dataset..",
              "io.robustness.jobs.tables..",
              "io.robustness.jobs.config..",
              "io.robustness.jobs.cli..",
              "io.robustness.jobs.harden..",
              "io.robustness.jobs.compare..",
              "io.robustness.jobs.report..")
          .because("Hadoop settings, model copies, devices and threads serve every job alike");

  @ArchTest
  static final ArchRule errorsStandAlone =
      noClasses()
          .that()
          .resideInAPackage("io.robustness.jobs.errors..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.robustness.jobs.audit..",
              "io.robustness.jobs.dataset..",
              "io.robustness.jobs.tables..",
              "io.robustness.jobs.config..",
              "io.robustness.jobs.cli..")
          .because("every layer may throw them; the command line maps them to exit statuses");

  @ArchTest
  static final ArchRule theOutputSettingsMeetTheTablesInOnePlace =
      noClasses()
          .that()
          .resideInAPackage("io.robustness.jobs.output..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.robustness.jobs.audit..",
              "io.robustness.jobs.harden..",
              "io.robustness.jobs.compare..",
              "io.robustness.jobs.report..")
          .because("the audit, hardening and the commands all open their tables through it");

  @ArchTest
  static final ArchRule hardeningNeedsNoAudit =
      noClasses()
          .that()
          .resideInAPackage("io.robustness.jobs.harden..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.robustness.jobs.audit..");

  @ArchTest
  static final ArchRule readersOfTablesNeedNoAudit =
      noClasses()
          .that()
          .resideInAnyPackage("io.robustness.jobs.compare..", "io.robustness.jobs.report..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.robustness.jobs.audit..", "io.robustness.jobs.cli..");

  @ArchTest
  static final ArchRule nothingBelowTheCommandLineKnowsIt =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.robustness.jobs.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.robustness.jobs.cli..");

  @ArchTest
  static final ArchRule onlySettingsReadTypesafeConfig =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.robustness.jobs.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.typesafe.config..")
          .because("settings are read and checked once, in config; the rest receives values");

  @ArchTest
  static final ArchRule schemasAreBuiltInTablesOnly =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.robustness.jobs.tables..")
          .and()
          .doNotHaveFullyQualifiedName("io.robustness.jobs.dataset.DatasetExport")
          .should()
          .callConstructor(StructType.class)
          .orShould()
          .callMethod(DataTypes.class, "createStructType", List.class)
          .because(
              "every table's schema lives in tables.TableSchemas (and the files convert writes,"
                  + " which are datasets, not tables, in dataset.DatasetExport)");
}
