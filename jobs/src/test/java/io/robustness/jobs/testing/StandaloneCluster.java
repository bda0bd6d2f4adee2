package io.robustness.jobs.testing;

import java.io.IOException;
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
  private static final Pattern MASTER_PORT =
      Pattern.compile("Starting Spark master at spark://[^:\\s]+:(\\d+)");
  private static final Pattern MASTER_WEB_PORT =
      Pattern.compile("Bound MasterWebUI to \\S+, and started at https?://[^:\\s]+:(\\d+)");
  private static final int LOG_TAIL_LINES = 40;
  private static final Duration STARTUP = Duration.ofSeconds(90);

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
    // Port 0 everywhere, the bound ports read back from the master's log: a port picked free
    // beforehand can be taken by another process before the master binds it, and Spark then
    // quietly binds the next one, which nobody would be looking at.
    Path masterLog = dir.resolve("master.log");
    this.master =
        SparkProcesses.start(
            SparkProcesses.java(
                "-Dspark.master.rest.enabled=false",
                "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0")),
            env,
            masterLog);
    long deadline = System.nanoTime() + STARTUP.toNanos();
    this.port = Integer.parseInt(awaitLogLine(masterLog, MASTER_PORT, master, deadline));
    this.webPort = Integer.parseInt(awaitLogLine(masterLog, MASTER_WEB_PORT, master, deadline));
    for (int i = 0; i < workerCount; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      workers.add(
          SparkProcesses.start(
              SparkProcesses.java(
                  "org.apache.spark.deploy.worker.Worker",
                  List.of(
                      "--host",
                      "127.0.0.1",
                      "--port",
                      "0",
                      "--cores",
                      Integer.toString(coresPerWorker),
                      "--memory",
                      "2g",
                      "--work-dir",
                      work.toString(),
                      "--webui-port",
                      "0",
                      masterUrl())),
              env,
              dir.resolve("worker-" + i + ".log")));
    }
    awaitWorkers(workerCount, deadline);
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

  /** The first group of {@code pattern} in {@code log} once the process has written it. */
  private String awaitLogLine(Path log, Pattern pattern, Process process, long deadline)
      throws IOException, InterruptedException {
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(Files.readString(log));
      if (m.find()) {
        return m.group(1);
      }
      if (!process.isAlive()) {
        throw notUp("the master exited with status " + process.exitValue());
      }
      Thread.sleep(100);
    }
    throw notUp("the master did not log /" + pattern + "/ in time");
  }

  private void awaitWorkers(int count, long deadline) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String last = "no answer from the master's web UI on port " + webPort;
    while (System.nanoTime() < deadline) {
      for (Process worker : workers) {
        if (!worker.isAlive()) {
          throw notUp("a worker exited with status " + worker.exitValue());
        }
      }
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
        last = "the master's web UI said: " + json;
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    throw notUp(count + " workers did not register in time; " + last);
  }

  /** Stops what started and says why, with the tail of every log: CI shows only the message. */
  private IllegalStateException notUp(String why) throws IOException {
    close();
    StringBuilder message =
        new StringBuilder("the standalone cluster did not come up: ").append(why);
    try (Stream<Path> logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        message.append("\n--- last lines of ").append(log).append(" ---\n");
        lines
            .subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
            .forEach(line -> message.append(line).append('\n'));
      }
    }
    return new IllegalStateException(message.toString());
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
