package io.robustness.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL must never download: libtorch comes from the pytorch-native-cpu jar. Each case runs a child
 * JVM with an empty DJL cache and every HTTP(S) request routed to a closed local port, so a
 * download attempt cannot succeed.
 */
class OfflineEngineTest {

  @Test
  void engineStartsAndScoresFromTheClasspathAlone(@TempDir Path cache) throws Exception {
    Result result = runProbe(cache, Map.of());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("engine=PyTorch version=" + System.getProperty("libtorch.version.built"))
        .contains("scored=8");
    try (Stream<Path> unpacked = Files.walk(cache)) {
      assertThat(unpacked.anyMatch(p -> p.getFileName().toString().startsWith("libtorch")))
          .isTrue();
    }
  }

  /**
   * The control: a libtorch version the classpath lacks would need a download, which offline mode
   * refuses.
   */
  @Test
  void aMissingNativeLibraryFailsInsteadOfDownloading(@TempDir Path cache) throws Exception {
    Result result = runProbe(cache, Map.of("PYTORCH_VERSION", "1.13.1"));
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).containsIgnoringCase("offline");
  }

  private record Result(int exitCode, String output) {}

  private static Result runProbe(Path cache, Map<String, String> env) throws Exception {
    int deadPort = closedPort();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-DDJL_CACHE_DIR=" + cache,
                "-Dai.djl.offline=true",
                "-Dhttp.proxyHost=127.0.0.1",
                "-Dhttp.proxyPort=" + deadPort,
                "-Dhttps.proxyHost=127.0.0.1",
                "-Dhttps.proxyPort=" + deadPort,
                OfflineProbe.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("PYTORCH_VERSION");
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
