package io.robustness.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What a reader of {@code core} may rely on. A failing rule says where a thing belongs: Spark and
 * file-system plumbing in {@code jobs}, printing in the command line.
 */
@AnalyzeClasses(
    packages = "io.robustness.core",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreKnowsNoSparkHadoopOrScala =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
          .because("core is the engine-free library the Spark job and the CLI share");

  @ArchTest
  static final ArchRule packagesFormNoCycle =
      slices().matching("io.robustness.core.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule imagesKnowNoModelAttackOrMetric =
      noClasses()
          .that()
          .resideInAPackage("..core.image..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "..core.model..", "..core.attack..", "..core.metrics..", "..core.scoring..");

  @ArchTest
  static final ArchRule modelsKnowNoAttackOrMetric =
      noClasses()
          .that()
          .resideInAPackage("..core.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..core.attack..", "..core.metrics..", "..core.scoring..");

  @ArchTest
  static final ArchRule attacksKnowNothingOfTheLoopAroundThem =
      noClasses()
          .that()
          .resideInAPackage("..core.attack..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..core.metrics..", "..core.scoring..");

  @ArchTest
  static final ArchRule metricsNeedNoModel =
      noClasses()
          .that()
          .resideInAPackage("..core.metrics..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..core.model..", "..core.scoring..", "ai.djl..");

  @ArchTest
  static final ArchRule nothingPrintsToTheConsole =
      noClasses()
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .orShould()
          .callMethod(Throwable.class, "printStackTrace")
          .because("core reports through return values, exceptions and SLF4J; commands print");
}
