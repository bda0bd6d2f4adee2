package io.robustness.jobs.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustness.jobs.tables.Columns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page from {@link ReportData}: ECharts (from its webjar) and the page's
 * script inlined, the data as JSON in a non-executed script element, every label, class name and
 * path HTML-escaped in the static parts and only ever set as text by the script. A
 * Content-Security-Policy forbids any network access.
 */
final class ReportRenderer {

  private static final String ECHARTS =
      "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  private static final String OWN = "io/robustness/jobs/report/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportRenderer() {}

  public static String render(ReportData data) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("title", escapeHtml4("Robustness report " + data.runId()));
    values.put("runId", escapeHtml4(data.runId()));
    values.put("firstAttack", escapeHtml4(data.attacks().get(0)));
    values.put("perImageAttack", escapeHtml4(ReportLoader.perImageAttack(data.attacks())));
    // Side by side only when there is more than one curve to set side by side.
    values.put("attacksHidden", data.attacks().size() > 1 ? "" : "hidden");
    values.put("style", resource(OWN + "report.css"));
    values.put("summary", summary(data));
    values.put("checks", checks(data));
    values.put("maxEpsilonIndex", Integer.toString(Math.max(0, data.epsilons().size() - 1)));
    values.put("startEpsilonIndex", Integer.toString(Math.min(data.epsilons().size() - 1, 3)));
    values.put("classTable", classTable(data));
    values.put("runTable", runTable(data));
    values.put("config", escapeHtml4(data.run().getOrDefault(Columns.CONFIG_JSON, "")));
    values.put("data", json(data));
    values.put("echarts", scriptSafe(resource(ECHARTS)));
    values.put("app", scriptSafe(resource(OWN + "report.js")));
    return Template.fill(resource(OWN + "report.html"), values);
  }

  private static String summary(ReportData data) {
    Map<String, String> run = data.run();
    StringBuilder out = new StringBuilder("<dl>");
    pair(out, "status", run.get(Columns.STATUS));
    pair(out, "model", run.get(Columns.MODEL_URI));
    pair(out, "dataset", run.get(Columns.DATASET_URI));
    pair(
        out,
        "images",
        run.get(Columns.IMAGES_SCORED)
            + " scored, "
            + run.get(Columns.IMAGES_FAILED)
            + " failed, "
            + run.get(Columns.IMAGES_SKIPPED)
            + " skipped");
    pair(out, "attack", run.get(Columns.ATTACK));
    pair(out, "started", run.get(Columns.STARTED_AT));
    if (!data.checks().isEmpty()) {
      long failed = data.checks().stream().filter(ReportData.Check::failed).count();
      long skipped = data.checks().stream().filter(ReportData.Check::skipped).count();
      pair(
          out,
          "checks",
          (data.checks().size() - failed - skipped)
              + " passed, "
              + failed
              + " failed, "
              + skipped
              + " skipped");
    }
    return out.append("</dl>").toString();
  }

  /**
   * The failed attack-failure checks, first on the page; nothing when none failed: a model that
   * looks robust because its gradients vanish is the result a reader must not miss.
   */
  private static String checks(ReportData data) {
    List<ReportData.Check> failed =
        data.checks().stream().filter(ReportData.Check::failed).toList();
    if (failed.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder("<section id=\"checks-section\" class=\"alert\"><h2>")
            .append(failed.size())
            .append(failed.size() == 1 ? " attack-failure check" : " attack-failure checks")
            .append(" failed: the curves below may overstate robustness</h2>")
            .append(
                "<p class=\"note\">Each row is a sign that an attack did not work as it should"
                    + " (vanishing or masked gradients, a saturated softmax, an iterative attack"
                    + " weaker than its first step, an attack with ample room that does not"
                    + " succeed); thresholds are the robustness.checks settings; every check is in"
                    + " the run's checks table.</p>")
            .append(
                "<table id=\"checks-table\"><thead><tr><th>check</th><th>attack</th>"
                    + "<th>epsilon</th><th>value</th><th>threshold</th></tr></thead><tbody>");
    for (ReportData.Check c : failed) {
      out.append("<tr><td>")
          .append(escapeHtml4(c.check()))
          .append("</td><td>")
          .append(escapeHtml4(c.attack()))
          .append("</td><td>")
          .append(c.epsilon() == null ? "" : escapeHtml4(c.epsilon().toString()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", c.value()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", c.threshold()))
          .append("</td></tr>");
    }
    return out.append("</tbody></table></section>").toString();
  }

  private static void pair(StringBuilder out, String name, String value) {
    out.append("<div class=\"pair\"><dt>")
        .append(escapeHtml4(name))
        .append("</dt><dd>")
        .append(escapeHtml4(value))
        .append("</dd></div>");
  }

  private static String classTable(ReportData data) {
    StringBuilder out =
        new StringBuilder("<table id=\"class-table\"><thead><tr><th>class</th><th>images</th>");
    for (double eps : data.epsilons()) {
      out.append("<th>acc @ ").append(escapeHtml4(Double.toString(eps))).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (ReportData.ClassRow row : data.classes()) {
      out.append("<tr><td>")
          .append(escapeHtml4(row.name()))
          .append("</td><td>")
          .append(row.images())
          .append("</td>");
      for (Double accuracy : row.accuracy()) {
        out.append("<td>").append(accuracy == null ? "" : percent(accuracy)).append("</td>");
      }
      out.append("</tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  private static String runTable(ReportData data) {
    StringBuilder out = new StringBuilder("<table id=\"run-table\"><tbody>");
    data.run()
        .forEach(
            (key, value) -> {
              if (!key.equals("config_json")) {
                out.append("<tr><td>")
                    .append(escapeHtml4(key))
                    .append("</td><td class=\"path\">")
                    .append(escapeHtml4(value))
                    .append("</td></tr>");
              }
            });
    return out.append("</tbody></table>").toString();
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * value);
  }

  /** JSON that cannot end its script element or open a comment, whatever the strings in it hold. */
  static String json(ReportData data) {
    try {
      return JSON.writeValueAsString(data)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report data must serialize", e);
    }
  }

  private static String scriptSafe(String script) {
    return script.replace("</script", "<\\/script").replace("<!--", "<\\!--");
  }

  private static String resource(String name) {
    try (InputStream in = ReportRenderer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + name + " (is the echarts webjar on the classpath?)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Placeholders {@code {{name}}}, filled in one pass so inserted text is never scanned again. */
  static final class Template {
    private Template() {}

    static String fill(String template, Map<String, String> values) {
      StringBuilder out = new StringBuilder(template.length() * 2);
      int at = 0;
      while (true) {
        int open = template.indexOf("{{", at);
        if (open < 0) {
          return out.append(template, at, template.length()).toString();
        }
        int close = template.indexOf("}}", open);
        String name = template.substring(open + 2, close);
        String value = values.get(name);
        if (value == null) {
          throw new IllegalArgumentException("no value for {{" + name + "}}");
        }
        out.append(template, at, open).append(value);
        at = close + 2;
      }
    }
  }
}
