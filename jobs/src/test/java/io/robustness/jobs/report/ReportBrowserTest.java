package io.robustness.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.robustness.jobs.audit.AuditJob;
import io.robustness.jobs.audit.AuditResult;
import io.robustness.jobs.testing.Samples;
import io.robustness.jobs.testing.SparkTestSession;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real run's report in headless Chromium (Debian's chromium and chromium-driver): it loads with
 * no console error, draws its charts, and the epsilon slider swaps the example images. Class names
 * and file names are hostile markup: they must show as text and never run. The screenshot lands in
 * target/.
 */
class ReportBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String HOSTILE = "<img src=x onerror=alert(7)>";

  @TempDir Path dir;

  @Test
  void theReportWorksInABrowser() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver), as .ci/run installs");
    Path report = auditWithHostileNames();
    ChromeDriver browser = start();
    try {
      open(browser, report);

      for (String chart :
          List.of(
              "chart-attacks",
              "chart-curves",
              "chart-history",
              "chart-buckets",
              "chart-flips",
              "chart-exact-flips")) {
        assertThat(browser.findElements(By.cssSelector("#" + chart + " canvas")))
            .as(chart)
            .isNotEmpty();
      }
      Object series =
          browser.executeScript(
              "return echarts.getInstanceByDom(document.getElementById('chart-curves')).getOption().series.length");
      assertThat(((Number) series).intValue()).isEqualTo(5);
      Object attacks =
          browser.executeScript(
              "return echarts.getInstanceByDom(document.getElementById('chart-attacks')).getOption().series.map(s => s.name).join(',')");
      // The worst case over the run's attacks first.
      assertThat(attacks).isEqualTo("worst,fgsm,pgd");
      assertThat(
              browser
                  .findElement(By.cssSelector("#chart-curves"))
                  .findElement(By.xpath(".."))
                  .getText())
          .contains("Accuracy and confidence against epsilon: worst");
      assertThat(browser.findElement(By.id("no-exact-flips")).isDisplayed()).isFalse();
      // Every check of this ordinary model passed: counted in the header, no alert section.
      assertThat(browser.findElements(By.id("checks-section"))).isEmpty();
      assertThat(browser.findElement(By.tagName("header")).getText()).contains("0 failed");
      // 0.02 to 0.3 spans more than a decade: one column per epsilon, not a crowded linear axis.
      assertThat(
              browser.executeScript(
                  "return echarts.getInstanceByDom(document.getElementById('chart-curves')).getOption().xAxis[0].type"))
          .isEqualTo("category");
      assertThat(
              browser.executeScript(
                  "return echarts.getInstanceByDom(document.getElementById('chart-buckets')).getOption().series[0].type"))
          .isEqualTo("heatmap");
      // Coloured by accuracy (the third value of a cell), not by its image count.
      assertThat(
              browser.executeScript(
                  "return echarts.getInstanceByDom(document.getElementById('chart-buckets')).getOption().visualMap[0].dimension"))
          .isEqualTo(2L);

      assertThat(browser.findElement(By.id("class-table")).getText()).contains(HOSTILE);
      assertThat(browser.findElements(By.cssSelector("img[src='x']")))
          .as("hostile markup never parsed")
          .isEmpty();

      // Each example's trajectory: true-class and top wrong probabilities under both attacks.
      List<WebElement> trajectories =
          browser.findElements(By.cssSelector("#examples figure.example .trajectory"));
      assertThat(trajectories)
          .hasSameSizeAs(browser.findElements(By.cssSelector("#examples figure.example")))
          .isNotEmpty();
      assertThat(trajectories.get(0).findElements(By.tagName("canvas"))).isNotEmpty();
      assertThat(
              browser.executeScript(
                  "return echarts.getInstanceByDom(arguments[0]).getOption().series.map(s => s.name).join(',')",
                  trajectories.get(0)))
          .isEqualTo("fgsm true class,fgsm top wrong,pgd true class,pgd top wrong");
      assertThat(
              browser.executeScript(
                  "return echarts.getInstanceByDom(arguments[0]).getOption().series[1].data.every(d => d[1] !== null)",
                  trajectories.get(0)))
          .isEqualTo(true);

      WebElement adversarial = browser.findElement(By.cssSelector("#examples img.adversarial"));
      String before = adversarial.getAttribute("src");
      String epsilonBefore = browser.findElement(By.id("eps-value")).getText();
      WebElement slider = browser.findElement(By.id("eps-slider"));
      slider.sendKeys(Keys.END);
      assertThat(adversarial.getAttribute("src")).isNotEqualTo(before);
      assertThat(browser.findElement(By.id("eps-value")).getText())
          .isEqualTo("0.3")
          .isNotEqualTo(epsilonBefore);

      Path shot = Path.of("target", "report-screenshot.png");
      Files.createDirectories(shot.getParent());
      Files.copy(
          browser.getScreenshotAs(OutputType.FILE).toPath(),
          shot,
          StandardCopyOption.REPLACE_EXISTING);

      assertNoConsoleWarnings(browser);
    } finally {
      browser.quit();
    }
  }

  /**
   * A year of nightly runs in the history chart: dated columns, the last 30 in view and a slider
   * for the rest, no console error; and a one-attack run shows no "attacks side by side".
   */
  @Test
  void aYearOfHistoryStaysReadable() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver), as .ci/run installs");
    ReportData base = ReportRendererTest.hostileData();
    List<ReportData.HistoryRun> nights = new java.util.ArrayList<>();
    java.time.LocalDate day = java.time.LocalDate.of(2025, 12, 5);
    for (int n = 0; n < 366; n++) {
      nights.add(
          new ReportData.HistoryRun(
              "night-" + n, day.plusDays(n) + " 01:00", List.of(0.9, 0.4 + (n % 7) / 100.0)));
    }
    Path page = dir.resolve("year.html");
    Files.writeString(
        page, ReportRenderer.render(ReportRendererTest.with(base, List.of("fgsm"), nights)));
    ChromeDriver browser = start();
    try {
      open(browser, page);
      String history = "echarts.getInstanceByDom(document.getElementById('chart-history'))";
      assertThat(browser.executeScript("return " + history + ".getOption().xAxis[0].data.length"))
          .isEqualTo(366L);
      assertThat(browser.executeScript("return " + history + ".getOption().dataZoom[0].startValue"))
          .isEqualTo(336L);
      assertThat(browser.executeScript("return " + history + ".getOption().xAxis[0].data[365]"))
          .isEqualTo("2026-12-05 01:00");
      assertThat(browser.findElement(By.id("attacks-section")).isDisplayed()).isFalse();
      // A failed attack-failure check heads the page, above every chart, its names as text.
      WebElement checks = browser.findElement(By.id("checks-section"));
      assertThat(checks.isDisplayed()).isTrue();
      assertThat(checks.getLocation().getY())
          .isLessThan(browser.findElement(By.id("chart-curves")).getLocation().getY());
      assertThat(checks.getText())
          .contains("1 attack-failure check failed")
          .contains("zero-gradient")
          .contains(ReportRendererTest.HOSTILE_CLASS);
      assertNoConsoleWarnings(browser);
    } finally {
      browser.quit();
    }
  }

  /** Loads {@code page} and waits until its script has drawn everything. */
  private static void open(ChromeDriver browser, Path page) {
    browser.get(page.toUri().toString());
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d ->
                Boolean.TRUE.equals(
                    ((JavascriptExecutor) d).executeScript("return window.reportReady")));
  }

  private static void assertNoConsoleWarnings(ChromeDriver browser) {
    List<LogEntry> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
            .toList();
    assertThat(errors).as("console errors and warnings").isEmpty();
  }

  private Path auditWithHostileNames() throws Exception {
    Path images = dir.resolve("images");
    Path source = Samples.data("mnist").resolve("images");
    StringBuilder manifest = new StringBuilder("path,label\n");
    try (Stream<Path> classes = Files.list(source)) {
      for (Path cls : classes.sorted().toList()) {
        Path to =
            Files.createDirectories(images.resolve("d" + cls.getFileName() + " & <b>bold</b>"));
        try (Stream<Path> files = Files.list(cls)) {
          for (Path f : files.sorted().limit(3).toList()) {
            Path copy = Files.copy(f, to.resolve("'" + f.getFileName()));
            manifest
                .append(images.relativize(copy))
                .append(',')
                .append(cls.getFileName())
                .append('\n');
          }
        }
      }
    }
    Path manifestFile = Files.writeString(dir.resolve("manifest.csv"), manifest.toString());
    String classes =
        "robustness.model.classes=[\""
            + HOSTILE
            + "\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\","
            + " \"7\", \"8\", \"<script>alert(9)</script>\"]";
    SparkSession spark = SparkTestSession.start();
    try {
      AuditResult result =
          AuditJob.run(
              spark,
              Samples.settings(
                  "mnist",
                  dir.resolve("out"),
                  "browser",
                  "robustness.dataset.layout=manifest",
                  "robustness.dataset.manifest=" + manifestFile,
                  "robustness.dataset.uri=" + images,
                  "robustness.attack.epsilons=[0, 0.02, 0.05, 0.1, 0.2, 0.3]",
                  "robustness.attack.kinds=[fgsm, pgd]",
                  "robustness.attack.steps=3",
                  "robustness.attack.flip-search=true",
                  classes));
      assertThat(result.reportUri()).as(result.reportProblem()).isNotNull();
      return Path.of(java.net.URI.create(result.reportUri().replaceFirst("^file:/+", "file:///")));
    } finally {
      spark.stop();
    }
  }

  private ChromeDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1300,2400",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .build();
    return new ChromeDriver(service, options);
  }
}
