package io.robustness.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Spark JVMs started the way a cluster starts them, from the project's own build: {@code
 * jobs/target/lib} holds Spark and its dependencies (what a cluster provides) and libtorch; the
 * application jar is {@code jobs/target/robustness-jobs-cluster.jar}. No Spark distribution is
 * downloaded.
 */
public final class SparkProcesses {

  /** Spark's module flags for Java 17, as its launch scripts pass them (the launcher's list). */
  public static final List<String> JAVA_17_OPENS = java17Opens();

  /**
   * The JIT and collector of every JVM started here, executors included (through {@link
   * #EXECUTOR_JIT}): the test JVM's own, which the build sets ({@code test.jit} in the parent POM).
   */
  public static final List<String> JIT =
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(a -> a.startsWith("-XX:TieredStopAtLevel=") || a.matches("-XX:\\+Use\\w+GC"))
          .toList();

  /** A {@code --conf} for spark-submit that gives the executors {@link #JIT}. */
  public static final String EXECUTOR_JIT =
      "spark.executor.defaultJavaOptions=" + String.join(" ", JIT);

  private SparkProcesses() {}

  private static List<String> java17Opens() {
    try {
      return Files.readAllLines(Samples.root().resolve("deploy/local/java17-module-flags")).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static Path lib() {
    return Samples.root().resolve("jobs/target/lib");
  }

  public static Path applicationJar() {
    return Samples.root().resolve("jobs/target/robustness-jobs-cluster.jar");
  }

  /** The libtorch jar, which travels with --jars like on a real cluster. */
  public static Path nativeJar() throws IOException {
    try (Stream<Path> jars = Files.list(lib())) {
      return jars.filter(p -> p.getFileName().toString().startsWith("pytorch-native-"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no pytorch-native jar in " + lib()));
    }
  }

  /** What a Spark installation has on its classpath: everything in lib but libtorch. */
  public static String sparkClasspath() throws IOException {
    try (Stream<Path> jars = Files.list(lib())) {
      return jars.filter(p -> !p.getFileName().toString().startsWith("pytorch-native-"))
          .sorted()
          .map(Path::toString)
          .collect(Collectors.joining(File.pathSeparator));
    }
  }

  public static List<String> java(String mainClass, List<String> args) throws IOException {
    return java("-Dspark.ui.showConsoleProgress=false", mainClass, args);
  }

  /** With one extra JVM option, such as a system property. */
  public static List<String> java(String jvmOption, String mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JAVA_17_OPENS);
    command.addAll(JIT);
    command.add(jvmOption);
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(sparkClasspath());
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * The environment of every Spark JVM here: loopback only, a SPARK_HOME without a distribution,
   * and the executors' classpath.
   */
  public static Map<String, String> environment(Path sparkHome) throws IOException {
    Files.createDirectories(sparkHome.resolve("jars"));
    return Map.of(
        "SPARK_HOME",
        sparkHome.toString(),
        "SPARK_SCALA_VERSION",
        "2.13",
        "SPARK_LOCAL_IP",
        "127.0.0.1",
        "SPARK_DIST_CLASSPATH",
        sparkClasspath());
  }

  /** Starts a JVM, its output going to {@code log}. */
  public static Process start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** spark-submit's own entry point, with the application jar and libtorch as --jars. */
  public static List<String> submit(String master, List<String> conf, List<String> appArgs)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--master",
                master,
                "--deploy-mode",
                "client",
                "--class",
                "io.robustness.jobs.cli.RobustnessCli",
                "--jars",
                nativeJar().toString()));
    for (String c : conf) {
      args.add("--conf");
      args.add(c);
    }
    args.add(applicationJar().toString());
    args.addAll(appArgs);
    return java("org.apache.spark.deploy.SparkSubmit", args);
  }
}
