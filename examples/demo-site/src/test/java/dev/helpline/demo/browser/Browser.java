package dev.helpline.demo.browser;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * One headless Debian Chromium driven through chromedriver, with the probes every browser
 * test reads: CSP violations, layout shifts and the network log. Not thread safe: one per
 * test class.
 *
 * <p>The probes are installed with the DevTools command
 * {@code Page.addScriptToEvaluateOnNewDocument}, which runs before any script of the page
 * and is not subject to the page's Content-Security-Policy, so a strict policy can be
 * tested without loosening it.
 */
final class Browser implements AutoCloseable {
    /** Debian's paths; {@code -Dbrowser.chromium=…} and {@code -Dbrowser.chromedriver=…} point elsewhere. */
    static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Collects what the page cannot hide from us, from the first byte on. */
    private static final String PROBE = """
            (() => {
              const probe = window.__helplineProbe = { csp: [], cls: 0, shifts: [] };
              document.addEventListener('securitypolicyviolation', (e) => probe.csp.push(
                  e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
              try {
                new PerformanceObserver((list) => list.getEntries().forEach((s) => {
                  if (!s.hadRecentInput) {
                    probe.cls += s.value;
                    probe.shifts.push(s.value);
                  }
                })).observe({ type: 'layout-shift', buffered: true });
              } catch (e) {
                probe.cls = -1;
              }
            })();
            """;

    final ChromeDriver driver;
    final boolean javascript;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();

    private Browser(ChromeDriver driver, boolean javascript, Path profile) {
        this.driver = driver;
        this.javascript = javascript;
        this.profile = profile;
    }

    /**
     * The condition of every browser test class. Where Chromium or its driver is missing it
     * answers false (the tests are skipped), except under {@code CI=true}, where a missing
     * browser must fail the build.
     *
     * @throws IllegalStateException under {@code CI=true} when the browser is missing
     */
    static boolean available() {
        return available(CHROMIUM, CHROMEDRIVER, System.getenv("CI"));
    }

    static boolean available(Path chromium, Path chromedriver, String ci) {
        return missing(chromium, chromedriver, ci) == null;
    }

    /**
     * What is missing of the browser, with the fix, or {@code null} when both are there.
     *
     * @throws IllegalStateException under {@code CI=true} when something is missing
     */
    static String missing(Path chromium, Path chromedriver, String ci) {
        java.util.List<String> absent = new java.util.ArrayList<>();
        if (!Files.isExecutable(chromium)) {
            absent.add(chromium + " (-Dbrowser.chromium=…)");
        }
        if (!Files.isExecutable(chromedriver)) {
            absent.add(chromedriver + " (-Dbrowser.chromedriver=…)");
        }
        if (absent.isEmpty()) {
            return null;
        }
        String what = "no executable " + String.join(" and no executable ", absent)
                + "; install them with apt-get install -y chromium chromium-driver";
        if ("true".equals(ci)) {
            throw new IllegalStateException("CI=true but " + what);
        }
        return what;
    }

    /** A configuration file from {@code src/test/resources/browser/}. */
    static Path config(String name) throws java.net.URISyntaxException {
        return Path.of(Browser.class.getResource("/browser/" + name).toURI());
    }

    /** Starts a browser at 1280×900, with or without JavaScript. */
    static Browser start(boolean javascript) throws IOException {
        Path profile = Files.createTempDirectory("helpline-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=1280,900", "--lang=en-US", "--user-data-dir=" + profile);
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
        return new Browser(driver, javascript, profile);
    }

    /** Loads a page and waits until it and the widget's script are done. Clears the logs first. */
    void open(URI uri) {
        open(uri, true);
    }

    void open(URI uri, boolean waitForScript) {
        drainLogs();
        driver.get(uri.toString());
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "complete".equals(js("return document.readyState")));
        if (javascript && waitForScript) {
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(js("return window.helplineWidget === true")));
        }
    }

    /** Sets the viewport; {@code mobile} also applies the page's meta viewport, as a phone does. */
    void viewport(int width, int height, boolean mobile) {
        if (mobile) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
            driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        } else {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
            driver.manage().window().setSize(new Dimension(width, height));
        }
    }

    /** Makes the browser refuse these URL patterns ({@code *} wildcards); an empty list lifts it. */
    void blockUrls(List<String> patterns) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", patterns));
    }

    void reducedMotion(boolean reduce) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-reduced-motion", "value", reduce ? "reduce" : "no-preference"))));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Every CSP violation seen since the last page load: the page's own report events and
     * the console's "Refused to …" messages (those also appear with JavaScript off).
     */
    List<String> cspViolations() {
        List<String> found = new ArrayList<>();
        if (javascript) {
            Object events = js("return window.__helplineProbe ? window.__helplineProbe.csp : ['probe missing']");
            if (events instanceof List<?> list) {
                list.forEach(e -> found.add(String.valueOf(e)));
            }
        }
        for (LogEntry e : console()) {
            String m = e.getMessage();
            if (m.contains("Content Security Policy") || m.contains("Refused to")) {
                found.add("console: " + m);
            }
        }
        return found;
    }

    /** Console errors since the last page load (CSP ones included). */
    List<String> consoleErrors() {
        List<String> found = new ArrayList<>();
        for (LogEntry e : console()) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                found.add(e.getMessage());
            }
        }
        return found;
    }

    /** The console since the last page load; the driver hands each entry out only once. */
    private List<LogEntry> console() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return console;
    }

    /** The cumulative layout shift of the current page, without shifts after input. */
    double cumulativeLayoutShift() {
        Object v = js("return window.__helplineProbe.cls");
        return ((Number) v).doubleValue();
    }

    /**
     * The URL of every request the browser sent since the last page load, from its network
     * log (DevTools {@code Network.requestWillBeSent}), not from what the page reports.
     */
    @SuppressWarnings("unchecked")
    List<String> requests() {
        List<String> urls = new ArrayList<>();
        Json json = new Json();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> entry = json.toType(e.getMessage(), Map.class);
            Map<String, Object> message = (Map<String, Object>) entry.get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> params = (Map<String, Object>) message.get("params");
                urls.add(String.valueOf(((Map<String, Object>) params.get("request")).get("url")));
            }
        }
        return urls;
    }

    void drainLogs() {
        driver.manage().logs().get(LogType.BROWSER);
        console.clear();
        driver.manage().logs().get(LogType.PERFORMANCE);
    }

    /** Writes a PNG of the viewport to {@code target/screenshots/NAME.png}. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
