package io.robustness.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.robustness.jobs.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shell script of the project passes shellcheck (.ci/run installs it and runs it too). */
class ShellScriptsLintTest {

  private static final Path SHELLCHECK = Path.of("/usr/bin/shellcheck");

  static List<Path> scripts() throws IOException {
    Path root = Samples.root();
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("deploy"))) {
      files.filter(Files::isRegularFile).filter(ShellScriptsLintTest::isShell).forEach(out::add);
    }
    out.add(root.resolve(".ci/run"));
    return out.stream().map(root::relativize).sorted().toList();
  }

  private static boolean isShell(Path file) {
    if (file.toString().endsWith(".sh")) {
      return true;
    }
    try {
      String first =
          Files.readString(file, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
      return first.startsWith("#!") && first.contains("bash");
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void theScriptsAreFound() throws IOException {
    assertThat(scripts())
        .extracting(Path::toString)
        .contains(
            "deploy/local/robustness",
            "deploy/spark-submit/submit-standalone.sh",
            "deploy/spark-submit/submit-yarn.sh",
            "deploy/spark-submit/gpu-discovery.sh",
            "deploy/docker/stage-context.sh",
            ".ci/run");
  }

  @Test
  void everyScriptPassesShellcheck() throws Exception {
    assumeThat(Files.isExecutable(SHELLCHECK)).as("shellcheck is installed").isTrue();
    List<String> command = new ArrayList<>(List.of(SHELLCHECK.toString(), "-x"));
    scripts().forEach(p -> command.add(p.toString()));
    Process p =
        new ProcessBuilder(command)
            .directory(Samples.root().toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
