package io.robustness.jobs.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile that decide what the image holds and how it runs: ARG defaults,
 * COPY sources and destinations, ENV, USER. Enough to check a build context against the file and to
 * lay out the image's files without a Docker engine.
 */
record Dockerfile(
    Map<String, String> args, List<Copy> copies, Map<String, String> env, String user) {

  record Copy(String source, String destination) {}

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

  static Dockerfile parse(Path file) throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    List<Copy> copies = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    String user = "root";
    for (String instruction : instructions(Files.readString(file))) {
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
      String rest = parts.length > 1 ? parts[1].strip() : "";
      switch (keyword) {
        case "ARG" -> {
          String[] kv = rest.split("=", 2);
          args.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        case "COPY" -> {
          List<String> words =
              List.of(rest.split("\\s+")).stream().filter(w -> !w.startsWith("--")).toList();
          for (String source : words.subList(0, words.size() - 1)) {
            copies.add(new Copy(source, words.get(words.size() - 1)));
          }
        }
        case "ENV" -> {
          for (String pair : rest.split("\\s+")) {
            String[] kv = pair.split("=", 2);
            env.put(kv[0], substitute(kv[1], args, env));
          }
        }
        case "USER" -> user = rest;
        default -> {}
      }
    }
    return new Dockerfile(args, copies, env, user);
  }

  /** Instructions with continuation lines joined and comments dropped. */
  private static List<String> instructions(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        current.append(trimmed);
        out.add(current.toString());
        current.setLength(0);
      }
    }
    return out;
  }

  private static String substitute(
      String value, Map<String, String> args, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String replacement = env.getOrDefault(name, args.getOrDefault(name, ""));
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The image path a file of the context ends up at, or null when no COPY takes it. */
  String imagePathOf(String contextPath) {
    for (Copy c : copies) {
      String source = c.source().replaceAll("/$", "");
      if (contextPath.replaceAll("/$", "").equals(source)) {
        return c.destination().endsWith("/") && !c.source().endsWith("/")
            ? c.destination() + Path.of(source).getFileName()
            : c.destination().replaceAll("/$", "");
      }
    }
    return null;
  }
}
