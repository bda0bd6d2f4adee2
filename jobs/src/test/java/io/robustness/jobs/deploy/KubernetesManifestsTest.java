package io.robustness.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.typesafe.config.ConfigFactory;
import io.robustness.jobs.cli.RobustnessCli;
import io.robustness.jobs.config.AuditSettings;
import io.robustness.jobs.config.ConfigLoader;
import io.robustness.jobs.config.SettingsReading;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/kubernetes checked without a cluster: every document validates against its resource's
 * schema (core kinds with Kubernetes' own API models, which reject unknown and missing fields; the
 * Spark operator's kinds with a strict JSON Schema of the fields used, and with the operator's
 * published CRDs when SPARK_OPERATOR_CRDS names a folder of them), and the pieces fit together: the
 * arguments parse with this CLI, the settings validate, the paths exist in the image, names
 * resolve.
 */
class KubernetesManifestsTest {

  private static final Map<String, String> CORE_API_VERSIONS =
      Map.of(
          "Namespace", "v1",
          "ServiceAccount", "v1",
          "Secret", "v1",
          "ConfigMap", "v1",
          "Role", "rbac.authorization.k8s.io/v1",
          "RoleBinding", "rbac.authorization.k8s.io/v1",
          "CronJob", "batch/v1");

  private static final List<String> OPERATOR_KINDS =
      List.of("SparkApplication", "ScheduledSparkApplication");

  private static final String CONFIG_PATH = "/etc/robustness/nightly.conf";

  @TempDir Path dir;

  @Test
  void everyYamlFileUnderDeployParses() throws IOException {
    List<Path> files = Manifests.yamlFiles();
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      assertThat(Manifests.load(f)).as(f.toString()).isNotEmpty();
    }
  }

  @Test
  void everyKubernetesDocumentIsAKnownResource() throws IOException {
    List<String> kinds = new ArrayList<>();
    for (Manifests.Document d : Manifests.kubernetes()) {
      kinds.add(d.kind());
      assertThat(CORE_API_VERSIONS.containsKey(d.kind()) || OPERATOR_KINDS.contains(d.kind()))
          .as("%s has a schema in this test", d)
          .isTrue();
      assertThat(d.map("metadata").get("namespace")).as(d.toString()).isIn("robustness", null);
    }
    assertThat(kinds)
        .contains(
            "SparkApplication", "ScheduledSparkApplication", "CronJob", "ConfigMap", "Secret");
  }

  @Test
  void coreResourcesValidateAgainstKubernetesApiModels() throws Exception {
    for (Manifests.Document d : Manifests.kubernetes()) {
      if (CORE_API_VERSIONS.containsKey(d.kind())) {
        assertThat(d.apiVersion()).as(d.toString()).isEqualTo(CORE_API_VERSIONS.get(d.kind()));
        assertThat(coreProblem("V1" + d.kind(), d.content())).as(d.toString()).isNull();
      }
    }
  }

  @Test
  void operatorResourcesValidateAgainstTheirSchema() throws Exception {
    Schema schema = subsetSchema();
    for (Manifests.Document d : Manifests.kubernetes()) {
      if (OPERATOR_KINDS.contains(d.kind())) {
        assertThat(errors(schema, d.content())).as(d.toString()).isEmpty();
        Map<String, Object> spec =
            d.kind().equals("SparkApplication") ? d.map("spec") : d.map("spec", "template");
        assertThat(podLevelProblems(spec)).as(d.toString()).isEmpty();
      }
    }
  }

  /**
   * The operator's own CRDs (charts/spark-operator-chart/crds in its repository), made strict as
   * {@code kubectl --validate=strict} is: unknown fields are errors.
   */
  @Test
  void operatorResourcesValidateAgainstThePublishedCrds() throws Exception {
    String crds = System.getenv("SPARK_OPERATOR_CRDS");
    assumeThat(crds).as("SPARK_OPERATOR_CRDS names a folder of the operator's CRDs").isNotNull();
    Map<String, Schema> byKind = publishedSchemas(Path.of(crds));
    assertThat(byKind).containsKeys("SparkApplication", "ScheduledSparkApplication");
    for (Manifests.Document d : Manifests.kubernetes()) {
      if (OPERATOR_KINDS.contains(d.kind())) {
        assertThat(errors(byKind.get(d.kind()), d.content())).as(d.toString()).isEmpty();
      }
    }
    Map<String, Object> typo = copy(Manifests.only("SparkApplication").content());
    ((Map<String, Object>) Manifests.at(typo, "spec", "executor")).put("instanses", 2);
    assertThat(errors(byKind.get("SparkApplication"), typo)).isNotEmpty();
  }

  @Test
  void theValidatorsRejectTyposAndMissingFields() throws Exception {
    Map<String, Object> app = copy(Manifests.only("SparkApplication").content());
    ((Map<String, Object>) Manifests.at(app, "spec", "executor")).put("instanses", 2);
    assertThat(errors(subsetSchema(), app)).isNotEmpty();

    Map<String, Object> badMode = copy(Manifests.only("SparkApplication").content());
    Manifests.at(badMode, "spec").put("mode", "Cluster");
    assertThat(errors(subsetSchema(), badMode)).isNotEmpty();

    Map<String, Object> cron = copy(Manifests.only("CronJob").content());
    Manifests.at(cron, "spec").put("schedul", Manifests.at(cron, "spec").remove("schedule"));
    assertThat(coreProblem("V1CronJob", cron)).contains("schedul");

    Map<String, Object> binding = copy(Manifests.only("RoleBinding").content());
    binding.remove("roleRef");
    assertThat(coreProblem("V1RoleBinding", binding)).contains("roleRef");

    Map<String, Object> mount = copy(Manifests.only("SparkApplication").content());
    List<Map<String, Object>> mounts =
        (List<Map<String, Object>>) Manifests.at(mount, "spec", "driver").get("volumeMounts");
    mounts.get(0).put("mountpath", mounts.get(0).remove("mountPath"));
    assertThat(podLevelProblems(Manifests.at(mount, "spec"))).isNotEmpty();
  }

  @Test
  void theNightlyScheduleRunsTheOneOffApplicationsSpec() throws IOException {
    assertThat(Manifests.only("ScheduledSparkApplication").map("spec", "template"))
        .isEqualTo(Manifests.only("SparkApplication").map("spec"));
    assertThat(Manifests.only("ScheduledSparkApplication").map("spec"))
        .containsEntry("concurrencyPolicy", "Forbid");
    assertThat(Manifests.only("CronJob").map("spec")).containsEntry("concurrencyPolicy", "Forbid");
  }

  @Test
  void theApplicationsRunThisCliWithArgumentsItAccepts() throws Exception {
    for (String kind : OPERATOR_KINDS) {
      Manifests.Document d = Manifests.only(kind);
      Map<String, Object> spec =
          kind.equals("SparkApplication") ? d.map("spec") : d.map("spec", "template");
      assertThat(spec.get("mainClass")).isEqualTo(RobustnessCli.class.getName());
      List<String> args = strings(spec.get("arguments"));
      assertParses(args);
      assertThat(args).containsSubsequence("--conf", CONFIG_PATH);
      assertThat(imagePath(String.valueOf(spec.get("mainApplicationFile")))).isTrue();
    }
    List<String> cronArgs = cronContainerArgs();
    int jar = cronArgs.indexOf("local:///opt/robustness/robustness-jobs-cluster.jar");
    assertThat(jar).isPositive();
    assertThat(cronArgs).containsSubsequence("--class", RobustnessCli.class.getName());
    List<String> appArgs = cronArgs.subList(jar + 1, cronArgs.size());
    assertParses(appArgs);
    assertThat(appArgs).containsSubsequence("--conf", CONFIG_PATH);
  }

  @Test
  void gpuExecutorsAreScheduledWithADiscoveryScriptThatIsInTheImage() throws Exception {
    Map<String, Object> sparkConf = Manifests.only("SparkApplication").map("spec", "sparkConf");
    assertThat(sparkConf)
        .containsEntry("spark.executor.resource.gpu.amount", "1")
        .containsEntry("spark.executor.resource.gpu.vendor", "nvidia.com")
        .containsKey("spark.task.resource.gpu.amount");
    String script = String.valueOf(sparkConf.get("spark.executor.resource.gpu.discoveryScript"));
    assertThat(imagePath("local://" + script)).as(script).isTrue();
    List<String> cronArgs = cronContainerArgs();
    assertThat(cronArgs)
        .contains(
            "spark.executor.resource.gpu.amount=1",
            "spark.executor.resource.gpu.vendor=nvidia.com",
            "spark.executor.resource.gpu.discoveryScript=" + script);
  }

  @Test
  void theConfigMapHoldsSettingsThatValidateAndNameNightlyRunsByDate() throws Exception {
    Map<String, Object> data = Manifests.only("ConfigMap").map("data");
    Path conf = dir.resolve("nightly.conf");
    Files.writeString(conf, String.valueOf(data.get("nightly.conf")));
    SettingsReading reading =
        AuditSettings.read(ConfigLoader.load(conf, List.of()), java.time.Clock.systemUTC());
    assertThat(reading.problems()).isEmpty();
    assertThat(reading.settings().output().uri()).startsWith("s3a://");
    assertThat(reading.settings().run().id()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(ConfigFactory.parseFile(conf.toFile()).toString())
        .doesNotContainIgnoringCase("secret.key")
        .doesNotContainIgnoringCase("access.key");
  }

  @Test
  void namesResolveAcrossTheManifests() throws Exception {
    String configMap = String.valueOf(Manifests.only("ConfigMap").map("metadata").get("name"));
    String secret = String.valueOf(Manifests.only("Secret").map("metadata").get("name"));
    String account = String.valueOf(Manifests.only("ServiceAccount").map("metadata").get("name"));
    Map<String, Object> spec = Manifests.only("SparkApplication").map("spec");
    assertThat(new Gson().toJson(spec.get("volumes"))).contains("\"name\":\"" + configMap + "\"");
    assertThat(Manifests.at(spec, "driver").get("serviceAccount")).isEqualTo(account);
    for (String pod : List.of("driver", "executor")) {
      assertThat(new Gson().toJson(Manifests.at(spec, pod).get("envFrom"))).contains(secret);
    }
    assertThat(new Gson().toJson(Manifests.at(spec, "driver").get("volumeMounts")))
        .contains("\"mountPath\":\"" + Path.of(CONFIG_PATH).getParent() + "\"");
    assertThat(Manifests.only("ConfigMap").map("data"))
        .containsKey(Path.of(CONFIG_PATH).getFileName().toString());
    String cron = new Gson().toJson(Manifests.only("CronJob").content());
    assertThat(cron).contains(configMap).contains(secret).contains(account);
    assertThat(Manifests.only("Secret").map("stringData").values())
        .as("no real credentials in the repository")
        .containsOnly("replace-me");
  }

  // --- helpers

  private static void assertParses(List<String> args) {
    CommandLine cli = new CommandLine(RobustnessCli.class);
    CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
    assertThat(parsed.hasSubcommand()).as(String.join(" ", args)).isTrue();
  }

  private static boolean imagePath(String uri) throws IOException {
    String path = uri.replaceFirst("^local://", "");
    Dockerfile dockerfile = Dockerfile.parse(Manifests.deploy().resolve("docker/Dockerfile"));
    return dockerfile.copies().stream()
        .anyMatch(c -> path.equals(dockerfile.imagePathOf(c.source())));
  }

  @SuppressWarnings("unchecked")
  private static List<String> cronContainerArgs() throws IOException {
    Map<String, Object> podSpec =
        Manifests.only("CronJob").map("spec", "jobTemplate", "spec", "template", "spec");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec.get("containers");
    return strings(containers.get(0).get("args"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return ((List<Object>) list).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Map<String, Object> content) {
    Gson gson = new Gson();
    return gson.fromJson(gson.toJson(content), LinkedHashMap.class);
  }

  /** Kubernetes' model for {@code modelClass} rejects the document: why, or null when it passes. */
  private static String coreProblem(String modelClass, Object document) throws Exception {
    JsonElement json = new Gson().toJsonTree(document);
    Class<?> model = Class.forName("io.kubernetes.client.openapi.models." + modelClass);
    try {
      model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
      return null;
    } catch (InvocationTargetException e) {
      return String.valueOf(e.getCause().getMessage());
    }
  }

  /** Core Kubernetes types inside the operator's pod specs. */
  @SuppressWarnings("unchecked")
  private static List<String> podLevelProblems(Map<String, Object> spec) throws Exception {
    List<String> problems = new ArrayList<>();
    check(problems, "V1Volume", spec.get("volumes"));
    for (String pod : List.of("driver", "executor")) {
      Map<String, Object> podSpec = (Map<String, Object>) spec.get(pod);
      check(problems, "V1EnvVar", podSpec.get("env"));
      check(problems, "V1EnvFromSource", podSpec.get("envFrom"));
      check(problems, "V1VolumeMount", podSpec.get("volumeMounts"));
      check(problems, "V1Toleration", podSpec.get("tolerations"));
    }
    return problems;
  }

  private static void check(List<String> problems, String model, Object list) throws Exception {
    if (list == null) {
      return;
    }
    for (Object item : (List<?>) list) {
      String problem = coreProblem(model, item);
      if (problem != null) {
        problems.add(model + ": " + problem);
      }
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static List<String> errors(Schema schema, Object document) {
    JsonNode node = JSON.valueToTree(document);
    return schema.validate(node).stream().map(Object::toString).toList();
  }

  private static Schema subsetSchema() throws IOException {
    try (InputStream in =
        KubernetesManifestsTest.class.getResourceAsStream(
            "/deploy/sparkoperator-v1beta2.schema.yaml")) {
      Object schema =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
          .getSchema(JSON.valueToTree(schema));
    }
  }

  /** The v1beta2 schema of each CRD in {@code folder}, strict about unknown fields. */
  @SuppressWarnings("unchecked")
  private static Map<String, Schema> publishedSchemas(Path folder) throws IOException {
    Map<String, Schema> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (Manifests.Document crd : Manifests.load(f)) {
          if (!crd.kind().equals("CustomResourceDefinition")) {
            continue;
          }
          String kind = String.valueOf(crd.map("spec", "names").get("kind"));
          for (Map<String, Object> version :
              (List<Map<String, Object>>) crd.map("spec").get("versions")) {
            if ("v1beta2".equals(version.get("name"))) {
              Map<String, Object> schema =
                  (Map<String, Object>) Manifests.at(version, "schema").get("openAPIV3Schema");
              strict(schema);
              out.put(
                  kind,
                  SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                      .getSchema(JSON.valueToTree(schema)));
            }
          }
        }
      }
    }
    return out;
  }

  /** Objects with declared properties accept no others, unless they preserve unknown fields. */
  @SuppressWarnings("unchecked")
  private static void strict(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> schema = (Map<String, Object>) m;
      if (schema.containsKey("properties")
          && !schema.containsKey("additionalProperties")
          && !Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))) {
        schema.put("additionalProperties", false);
      }
      if (schema.get("properties") instanceof Map<?, ?> props) {
        props.values().forEach(KubernetesManifestsTest::strict);
      }
      for (String key : List.of("items", "additionalProperties")) {
        if (schema.get(key) instanceof Map<?, ?> sub) {
          strict(sub);
        }
      }
    }
  }
}
