package io.robustness.jobs.deploy;

import io.robustness.jobs.testing.Samples;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The YAML documents under deploy/, each with the file it came from. */
final class Manifests {

  record Document(Path file, Map<String, Object> content) {

    String kind() {
      return String.valueOf(content.get("kind"));
    }

    String apiVersion() {
      return String.valueOf(content.get("apiVersion"));
    }

    Map<String, Object> map(String... path) {
      return at(content, path);
    }

    @Override
    public String toString() {
      return Samples.root().relativize(file) + " " + kind();
    }
  }

  private Manifests() {}

  /** The map at {@code path} under {@code root}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> at(Map<String, Object> root, String... path) {
    Object node = root;
    for (String key : path) {
      node = ((Map<String, Object>) node).get(key);
    }
    return (Map<String, Object>) node;
  }

  static Path deploy() {
    return Samples.root().resolve("deploy");
  }

  static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.walk(deploy())) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  @SuppressWarnings("unchecked")
  static List<Document> load(Path file) throws IOException {
    List<Document> out = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
        if (doc != null) {
          out.add(new Document(file, (Map<String, Object>) doc));
        }
      }
    }
    return out;
  }

  static List<Document> kubernetes() throws IOException {
    List<Document> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(deploy().resolve("kubernetes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        out.addAll(load(f));
      }
    }
    return out;
  }

  static Document only(String kind) throws IOException {
    List<Document> found = kubernetes().stream().filter(d -> d.kind().equals(kind)).toList();
    if (found.size() != 1) {
      throw new IllegalStateException(found.size() + " documents of kind " + kind);
    }
    return found.get(0);
  }
}
