package io.robustness.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page is self-contained and no label, class name or path can inject markup. */
class ReportRendererTest {

  static final String HOSTILE_CLASS = "<script>alert('class')</script>";
  static final String HOSTILE_PATH = "file:/data/\"><img src=x onerror=alert(1)>&amp;.png";

  static ReportData hostileData() {
    Map<String, String> run = new LinkedHashMap<>();
    run.put("status", "succeeded");
    run.put("model_uri", "file:/m/<b>model</b>.pt");
    run.put("dataset_uri", "file:/data");
    run.put("config_json", "{\"classes\":[\"" + HOSTILE_CLASS + "\"]}");
    ReportData.Point p0 = new ReportData.Point(0.0, 10, 0.9, 1.0, 0.8, 0.7, 0.0);
    ReportData.Point p1 = new ReportData.Point(0.1, 10, 0.4, 0.9, 0.6, 0.3, 0.5);
    ReportData.ExampleStep step =
        new ReportData.ExampleStep(0.1, HOSTILE_CLASS, 0.6f, false, "AAAA", "BBBB");
    return new ReportData(
        "run-</script>-1",
        run,
        List.of(0.0, 0.1),
        List.of("fgsm", HOSTILE_CLASS),
        List.of(p0, p1),
        Map.of("fgsm", List.of(p0, p1), HOSTILE_CLASS, List.of(p0, p1)),
        Map.of("90-95%", List.of(p0, p1)),
        List.of(
            new ReportData.ClassRow(
                0, HOSTILE_CLASS, 10, new java.util.ArrayList<>(List.of(0.9, 0.4)))),
        List.of(new ReportData.FlipBar(0.1, 6), new ReportData.FlipBar(null, 4)),
        List.of(
            new ReportData.ExactFlipBar(0.0, 0.05, 3), new ReportData.ExactFlipBar(0.05, 0.1, 3)),
        List.of(
            new ReportData.HistoryRun(
                HOSTILE_PATH, "2026-12-04 01:00", java.util.Arrays.asList(0.9, null)),
            new ReportData.HistoryRun("run-</script>-1", "2026-12-05 01:00", List.of(0.9, 0.4))),
        List.of(
            new ReportData.Example(
                HOSTILE_PATH,
                HOSTILE_CLASS,
                "CCCC",
                List.of(step, step),
                Map.of(
                    HOSTILE_CLASS,
                    List.of(
                        new ReportData.TrajectoryPoint(0.0, 0.9f, 0.05f),
                        new ReportData.TrajectoryPoint(0.1, 0.3f, null))))),
        List.of(
            new ReportData.Check(HOSTILE_CLASS, null, "zero-gradient", 0.97, 0.1, "fail"),
            new ReportData.Check("fgsm", 0.1, "unbounded-attack", 0.0, 0.1, "pass")));
  }

  /** Asserts on a page without printing a megabyte of inlined JavaScript when it fails. */
  private static void has(String html, String text, boolean expected) {
    assertThat(html.contains(text)).as("page contains %s", text).isEqualTo(expected);
  }

  @Test
  void everyStringIsEscapedWhereverItLands() {
    String html = ReportRenderer.render(hostileData());
    for (String raw : List.of("<script>alert", "<img src=x", "<b>model", "run-</script>")) {
      has(html, raw, false);
    }
    has(html, "<td>&lt;script&gt;alert('class')&lt;/script&gt;</td>", true);
    has(html, "file:/m/&lt;b&gt;model&lt;/b&gt;.pt", true);
    // Three script elements: the data, ECharts, the page's own code; nothing else opens or closes
    // one.
    assertThat(html.split("<script", -1)).hasSize(4);
    assertThat(html.split("</script", -1)).hasSize(4);
  }

  /** {@code data} with other attacks and history, the rest unchanged. */
  static ReportData with(ReportData d, List<String> attacks, List<ReportData.HistoryRun> history) {
    return new ReportData(
        d.runId(),
        d.run(),
        d.epsilons(),
        attacks,
        d.curve(),
        d.attackCurves(),
        d.confidenceCurves(),
        d.classes(),
        d.flips(),
        d.exactFlips(),
        history,
        d.examples(),
        d.checks());
  }

  @Test
  void failedChecksHeadThePageAndPassedOnesAreOnlyCounted() {
    ReportData failing = hostileData();
    String html = ReportRenderer.render(failing);
    has(html, "<section id=\"checks-section\" class=\"alert\">", true);
    assertThat(html.indexOf("id=\"checks-section\""))
        .isLessThan(html.indexOf("id=\"attacks-section\""));
    has(html, "1 attack-failure check failed", true);
    has(html, "<td>zero-gradient</td><td>&lt;script&gt;alert('class')&lt;/script&gt;</td>", true);
    has(html, "<dd>1 passed, 1 failed, 0 skipped</dd>", true);

    ReportData passing =
        new ReportData(
            failing.runId(),
            failing.run(),
            failing.epsilons(),
            failing.attacks(),
            failing.curve(),
            failing.attackCurves(),
            failing.confidenceCurves(),
            failing.classes(),
            failing.flips(),
            failing.exactFlips(),
            failing.history(),
            failing.examples(),
            List.of(new ReportData.Check("fgsm", 0.1, "unbounded-attack", 0.0, 0.1, "pass")));
    String calm = ReportRenderer.render(passing);
    has(calm, "checks-section", false);
    has(calm, "<dd>1 passed, 0 failed, 0 skipped</dd>", true);
  }

  @Test
  void attacksAreSetSideBySideOnlyWhenThereIsMoreThanOne() {
    ReportData two = hostileData();
    has(ReportRenderer.render(two), "<section id=\"attacks-section\" >", true);
    ReportData one = with(two, List.of("fgsm"), two.history());
    has(ReportRenderer.render(one), "<section id=\"attacks-section\" hidden>", true);
  }

  @Test
  void thePageFetchesNothing() {
    String html = ReportRenderer.render(hostileData());
    has(html, "default-src 'none'", true);
    assertThat(
            java.util.regex.Pattern.compile("<(script|link|img)[^>]+(src|href)=\"?https?:")
                .matcher(html)
                .find())
        .as("no external resource")
        .isFalse();
    has(html, "t.version=\"5.3.1\"", true); // ECharts itself is inlined
  }
}
