package io.robustness.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustness.jobs.cli.RobustnessCli;
import io.robustness.jobs.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * deploy/airflow's DAG, with Debian's python3 and without Airflow: it byte-compiles, and imported
 * with stand-ins for Airflow's classes (check_dag.py) it has the intended tasks and order, and each
 * task's arguments, with {{ ds }} rendered, parse with this CLI and say what the nightly contract
 * says.
 */
class AirflowDagTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String NIGHT = "2026-11-24";

  @TempDir static Path dir;
  private static JsonNode dag;
  private static final Map<String, JsonNode> tasks = new LinkedHashMap<>();

  private static Path dagFile() {
    return Samples.root().resolve("deploy/airflow/robustness_nightly.py");
  }

  private static String python(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PYTHONPYCACHEPREFIX", dir.resolve("pycache").toString());
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @BeforeAll
  static void load() throws Exception {
    assumeThat(Files.isExecutable(PYTHON)).as("Debian's python3 at " + PYTHON).isTrue();
    Path checker = dir.resolve("check_dag.py");
    try (var in = AirflowDagTest.class.getResourceAsStream("/deploy/check_dag.py")) {
      Files.copy(in, checker);
    }
    JsonNode all = new ObjectMapper().readTree(python(checker.toString(), dagFile().toString()));
    assertThat(all.get("dags")).hasSize(1);
    dag = all.get("dags").get(0);
    for (JsonNode t : all.get("tasks")) {
      tasks.put(t.get("task_id").asText(), t);
    }
  }

  @Test
  void theDagByteCompiles() throws Exception {
    python("-m", "py_compile", dagFile().toString());
    try (var files = Files.list(dagFile().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("__pycache__");
    }
  }

  @Test
  void itRunsNightlyOneAtATimeWithoutBackfill() {
    assertThat(dag.get("dag_id").asText()).isEqualTo("robustness_nightly");
    assertThat(dag.get("schedule").asText()).isEqualTo("0 2 * * *");
    assertThat(dag.get("catchup").asBoolean()).isFalse();
    assertThat(dag.get("max_active_runs").asInt()).isEqualTo(1);
  }

  @Test
  void theGateSitsBetweenAuditAndReportAndRetentionFollowsTheAudit() {
    assertThat(tasks).containsOnlyKeys("audit", "compare", "report", "retain");
    assertThat(upstream("audit")).isEmpty();
    assertThat(upstream("compare")).containsExactly("audit");
    assertThat(upstream("report")).containsExactly("compare");
    assertThat(upstream("retain")).containsExactly("audit");
  }

  @Test
  void everyTaskRunsThisCliWithArgumentsItAccepts() {
    for (String id : tasks.keySet()) {
      JsonNode t = tasks.get(id);
      assertThat(t.get("java_class").asText()).isEqualTo(RobustnessCli.class.getName());
      List<String> args = args(id);
      CommandLine.ParseResult parsed =
          new CommandLine(RobustnessCli.class).parseArgs(args.toArray(String[]::new));
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(id);
    }
  }

  @Test
  void theNightIsNamedAfterTheScheduleDateAndGatedAgainstThePreviousRun() {
    assertThat(args("audit")).containsSubsequence("--set", "robustness.run.id=" + NIGHT);
    assertThat(args("compare"))
        .containsSubsequence("--baseline", "previous")
        .containsSubsequence("--candidate", NIGHT)
        .contains("--max-drop");
    assertThat(args("report")).containsSubsequence("--run", NIGHT);
    assertThat(args("retain")).contains("--keep-days", "--keep-last");
    assertThat(tasks.get("compare").get("conn_id").asText())
        .as("the gate runs in client mode, so spark-submit returns the command's exit status")
        .isNotEqualTo(tasks.get("audit").get("conn_id").asText());
  }

  @Test
  void theAuditAsksForGpusAndShipsTheDiscoveryScript() {
    JsonNode conf = tasks.get("audit").get("conf");
    assertThat(conf.get("spark.executor.resource.gpu.amount").asText()).isEqualTo("1");
    assertThat(conf.get("spark.task.resource.gpu.amount").asText()).isNotEmpty();
    assertThat(conf.get("spark.executor.resource.gpu.discoveryScript").asText())
        .isEqualTo("./gpu-discovery.sh");
    assertThat(tasks.get("audit").get("files").asText()).contains("gpu-discovery.sh");
  }

  private static List<String> upstream(String id) {
    List<String> out = new ArrayList<>();
    tasks.get(id).get("upstream").forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The task's application arguments with Airflow's {{ ds }} rendered for one night. */
  private static List<String> args(String id) {
    List<String> out = new ArrayList<>();
    tasks
        .get(id)
        .get("application_args")
        .forEach(n -> out.add(n.asText().replace("{{ ds }}", NIGHT)));
    return out;
  }
}
