package io.robustness.jobs.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A Spark standalone master and workers as separate JVMs on 127.0.0.1. */
public final class StandaloneCluster implements AutoCloseable {

  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path dir;
  private final Map<String, String> env;
  private final int port;
  private final int webPort;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();

  private StandaloneCluster(Path dir, int workerCount, int coresPerWorker)
      throws IOException, InterruptedException {
    this.dir = dir;
    this.env = SparkProcesses.environment(dir.resolve("spark-home"));
    this.port = freePort();
    this.webPort = freePort();
    this.master =
        SparkProcesses.start(
            SparkProcesses.java(
                "-Dspark.master.rest.enabled=false",
                "org.apache.spark.deploy.master.Master",
                List.of(
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--webui-port",
                    Integer.toString(webPort))),
            env,
            dir.resolve("master.log"));
    for (int i = 0; i < workerCount; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      workers.add(
          SparkProcesses.start(
              SparkProcesses.java(
                  "org.apache.spark.deploy.worker.Worker",
                  List.of(
                      "--host",
                      "127.0.0.1",
                      "--cores",
                      Integer.toString(coresPerWorker),
                      "--memory",
                      "2g",
                      "--work-dir",
                      work.toString(),
                      "--webui-port",
                      Integer.toString(freePort()),
                      masterUrl())),
              env,
              dir.resolve("worker-" + i + ".log")));
    }
    awaitWorkers(workerCount, Duration.ofSeconds(90));
  }

  /**
   * Starts a master and {@code workers} workers of {@code cores} cores each; waits until all have
   * registered.
   */
  public static StandaloneCluster start(Path dir, int workers, int cores)
      throws IOException, InterruptedException {
    return new StandaloneCluster(dir, workers, cores);
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  public Map<String, String> environment() {
    return env;
  }

  /** Every executor's stderr under the workers' work folders. */
  public List<Path> executorLogs() throws IOException {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      try (Stream<Path> files = Files.walk(dir.resolve("worker-" + i))) {
        files.filter(p -> p.getFileName().toString().equals("stderr")).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * The executor JVM of this id, if it runs. Reads /proc/PID/cmdline: ProcessHandle.Info drops the
   * arguments of command lines as long as an executor's classpath.
   */
  public static Optional<ProcessHandle> executorProcess(String executorId) {
    for (ProcessHandle p : workersDescendants()) {
      List<String> args = commandLine(p.pid());
      int at = args.indexOf("--executor-id");
      if (at >= 0
          && at + 1 < args.size()
          && args.get(at + 1).equals(executorId)
          && args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static List<ProcessHandle> workersDescendants() {
    return ProcessHandle.current().descendants().toList();
  }

  private static List<String> commandLine(long pid) {
    try {
      String raw =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              java.nio.charset.StandardCharsets.UTF_8);
      return List.of(raw.split("\u0000"));
    } catch (IOException e) {
      return List.of();
    }
  }

  private void awaitWorkers(int count, Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String json =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/json/"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = ALIVE_WORKERS.matcher(json);
        if (m.find() && Integer.parseInt(m.group(1)) >= count) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the standalone cluster did not come up; see " + dir + "/*.log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    workers.forEach(StandaloneCluster::stop);
    stop(master);
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
