package io.robustness.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.jobs.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class data sharing archive: when it is trained, used, retrained and left alone,
 * read back from a stand-in {@code java} that records its arguments, in a copy of the project's
 * layout. (OverlappingLaunchesIT runs the real JVM with the archive it trains.)
 */
class LauncherClassSharingTest {

  @TempDir Path root;

  private Path calls;
  private Path bin;

  private record Launch(int exit, List<String> javaCalls, String err) {}

  @BeforeEach
  void layout() throws IOException {
    Path launcher = root.resolve("deploy/local/robustness");
    Files.createDirectories(launcher.getParent());
    Files.copy(
        Samples.root().resolve("deploy/local/robustness"),
        launcher,
        StandardCopyOption.COPY_ATTRIBUTES);
    Instant old = Instant.now().minusSeconds(3600);
    for (String source :
        List.of("pom.xml", "core/pom.xml", "jobs/pom.xml", "core/src/main/x", "jobs/src/main/x")) {
      Path file = root.resolve(source);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "");
      Files.setLastModifiedTime(file, FileTime.from(old));
      Files.setLastModifiedTime(file.getParent(), FileTime.from(old));
    }
    Files.createDirectories(root.resolve("jobs/target/lib"));
    Files.setLastModifiedTime(root.resolve("jobs/target/lib"), FileTime.from(old));
    Files.writeString(root.resolve("jobs/target/robustness-jobs-cluster.jar"), "not a jar");
    bin = Files.createDirectories(root.resolve("bin"));
    calls = root.resolve("java-calls");
    // Writes the archive it is asked for, or fails when FAIL_TRAINING is set.
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        """
        #!/usr/bin/env bash
        echo "$*" >> "$JAVA_CALLS"
        for a in "$@"; do
          case "$a" in
            -XX:ArchiveClassesAtExit=*)
              [[ -n "${FAIL_TRAINING:-}" ]] && { echo "training broke" >&2; exit 1; }
              echo archive > "${a#*=}" ;;
          esac
        done
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Launch launch(Map<String, String> env, String... args) throws Exception {
    Files.deleteIfExists(calls);
    List<String> command = new ArrayList<>(List.of("bash", "deploy/local/robustness"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().put("PATH", bin + ":" + builder.environment().get("PATH"));
    builder.environment().put("JAVA_CALLS", calls.toString());
    builder.environment().remove("ROBUSTNESS_CDS");
    builder.environment().remove("JAVA_OPTS");
    builder.environment().putAll(env);
    Process p = builder.start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    List<String> javaCalls = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    return new Launch(exit, javaCalls, err);
  }

  private Launch audit(Map<String, String> env) throws Exception {
    return launch(env, "audit", "--conf", "my.conf");
  }

  private List<Path> archives() throws IOException {
    Path dir = root.resolve("jobs/target/cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".jsa")).toList();
    }
  }

  @Test
  void theFirstAuditTrainsOnTheSampleThenRunsWithTheArchiveAsDoEveryLaterLaunch() throws Exception {
    Launch first = audit(Map.of());

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("writing the class data sharing archive");
    assertThat(first.javaCalls()).hasSize(2);
    assertThat(first.javaCalls().get(0))
        .contains("-XX:ArchiveClassesAtExit=")
        .contains("audit --conf " + root.resolve("conf/sample-fashion-mnist.conf"))
        .contains("robustness.output.uri=")
        .doesNotContain("my.conf");
    assertThat(archives()).singleElement();
    String archive = archives().get(0).toString();
    assertThat(first.javaCalls().get(1))
        .contains("-XX:SharedArchiveFile=" + archive)
        .endsWith("audit --conf my.conf");

    Launch again = audit(Map.of());
    assertThat(again.javaCalls())
        .singleElement()
        .asString()
        .contains("-XX:SharedArchiveFile=" + archive)
        .doesNotContain("ArchiveClassesAtExit");
    assertThat(again.err()).doesNotContain("class data sharing");

    Launch query = launch(Map.of(), "query", "--output", "out", "select 1");
    assertThat(query.javaCalls())
        .singleElement()
        .asString()
        .contains("-XX:SharedArchiveFile=" + archive);
  }

  @Test
  void commandsThatScoreNothingNeverTrain() throws Exception {
    Launch version = launch(Map.of(), "--version");

    assertThat(version.javaCalls())
        .singleElement()
        .asString()
        .doesNotContain("ArchiveClassesAtExit")
        .doesNotContain("SharedArchiveFile");
    assertThat(archives()).isEmpty();
  }

  @Test
  void aRebuiltJarIsTrainedAgain() throws Exception {
    audit(Map.of());
    Path archive = archives().get(0);
    FileTime beforeTheBuild = FileTime.from(Instant.now().minusSeconds(60));
    Files.setLastModifiedTime(archive, beforeTheBuild);

    Launch afterBuild = audit(Map.of());

    assertThat(afterBuild.javaCalls()).hasSize(2);
    assertThat(afterBuild.javaCalls().get(0)).contains("-XX:ArchiveClassesAtExit=");
    assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(beforeTheBuild);
  }

  @Test
  void aFailedTrainingIsReportedOnceAndTheRunGoesOnWithoutTheArchive() throws Exception {
    Launch failed = audit(Map.of("FAIL_TRAINING", "1"));

    assertThat(failed.exit()).isZero();
    assertThat(failed.err())
        .contains("could not write the class data sharing archive (running without it)")
        .contains("training broke");
    assertThat(failed.javaCalls()).hasSize(2);
    assertThat(failed.javaCalls().get(1)).doesNotContain("SharedArchiveFile");
    assertThat(archives()).isEmpty();

    Launch next = audit(Map.of("FAIL_TRAINING", "1"));
    assertThat(next.javaCalls()).singleElement().asString().doesNotContain("Archive");
    assertThat(next.err()).doesNotContain("class data sharing");
  }

  @Test
  void offRunsWithoutAndAnUnknownValueIsRefused() throws Exception {
    Launch off = audit(Map.of("ROBUSTNESS_CDS", "off"));
    assertThat(off.javaCalls()).singleElement().asString().doesNotContain("Archive");
    assertThat(archives()).isEmpty();

    Launch bad = audit(Map.of("ROBUSTNESS_CDS", "yes"));
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("ROBUSTNESS_CDS=yes is not one of auto, off");
    assertThat(bad.javaCalls()).isEmpty();
  }

  @Test
  void aBuildProfileIsBuiltWithRememberedAndRebuiltAwayFrom() throws Exception {
    Path mvnCalls = root.resolve("mvn-calls");
    Path mvn = bin.resolve("mvn");
    Files.writeString(
        mvn,
        "#!/usr/bin/env bash\necho \"$*\" >> \""
            + mvnCalls
            + "\"\necho rebuilt > jobs/target/robustness-jobs-cluster.jar\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> profiled =
        Map.of("ROBUSTNESS_BUILD_PROFILE", "libtorch-2.5", "ROBUSTNESS_CDS", "off");

    Launch first = launch(profiled, "query", "--output", "out", "select 1");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(Files.readAllLines(mvnCalls))
        .singleElement()
        .asString()
        .contains("-P libtorch-2.5 package");

    assertThat(launch(profiled, "query", "--output", "out", "select 1").exit()).isZero();
    assertThat(Files.readAllLines(mvnCalls)).hasSize(1);

    assertThat(
            launch(Map.of("ROBUSTNESS_CDS", "off"), "query", "--output", "out", "select 1").exit())
        .isZero();
    assertThat(Files.readAllLines(mvnCalls)).hasSize(2).last().asString().doesNotContain("-P");
  }
}
