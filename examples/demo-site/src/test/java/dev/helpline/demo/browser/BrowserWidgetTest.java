package dev.helpline.demo.browser;

import dev.helpline.demo.SecurityHeadersFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The widget in headless Chromium with JavaScript on, on the demo site served under its
 * strict Content-Security-Policy: placement, the disclosure dialog, the callback form,
 * accessibility, CSP, network, weight and layout stability.
 */
@ExtendWith(BrowserCondition.class)
class BrowserWidgetTest {
    static final String ARTICLE = "opioid-withdrawal.html";

    @RegisterExtension
    static final DemoSession demo = new DemoSession("demo.properties", true);

    @BeforeEach
    void desktop() {
        demo.browser.viewport(1280, 900, false);
        demo.browser.reducedMotion(false);
    }

    /** Whatever a test did, the page must not have logged an error (the policy is checked by {@link DemoSession}). */
    @AfterEach
    void noConsoleErrors() {
        assertEquals(List.of(), demo.browser.consoleErrors().stream().filter(m -> !m.contains("/favicon.ico")).toList(),
                "console errors");
    }

    // ---- placement ----------------------------------------------------------------------

    @Test
    void banner_desktop_sticksToTheTopWithoutCoveringTheHostHeader() throws Exception {
        open(ARTICLE);
        Map<String, Object> r = rects();
        assertEquals(0.0, num(r, "bannerTop"), 0.5, "banner at the top");
        assertTrue(num(r, "headerTop") >= num(r, "bannerBottom") - 0.5, "host header below the banner: " + r);
        assertTrue(num(r, "bannerHeight") >= 24 && num(r, "bannerHeight") <= 80, "banner height: " + r);
        assertTrue(demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner]")).getText()
                .contains("Call Now: 24Hr Addiction Hotline (800) 601-3889"), "banner text");
        assertEquals(demo.browser.js("return document.querySelector('[data-helpline=banner]').offsetHeight + 'px'"),
                demo.browser.js("return document.documentElement.style.getPropertyValue('--helpline-banner-height')"),
                "--helpline-banner-height published for hosts");
        demo.browser.screenshot("desktop");

        demo.browser.js("window.scrollTo(0, 1200)");
        Map<String, Object> scrolled = rects();
        assertEquals(0.0, num(scrolled, "bannerTop"), 0.5, "banner stays at the top when scrolled: " + scrolled);
        demo.browser.js("window.scrollTo(0, 0)");
    }

    @Test
    void layoutShift_pageLoad_isZero() {
        // A cold load: the widget's stylesheet and script come from the network, not the cache.
        demo.browser.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        open(ARTICLE);
        // Give late shifts (fonts, the script's work) a moment to be observed.
        sleep(300);
        double cls = demo.browser.cumulativeLayoutShift();
        System.out.printf("browser: CLS on %s = %.4f%n", ARTICLE, cls);
        assertTrue(cls >= 0 && cls < 0.01, "CLS " + cls + " shifts " + demo.browser.js("return window.__helplineProbe.shifts"));

        // Control: the probe does see a shift when something pushes the article down.
        demo.browser.js("const d = document.createElement('div'); d.style.height = '200px'; document.querySelector('main').before(d)");
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(3)).until(d -> demo.browser.cumulativeLayoutShift() > 0.01);
    }

    // ---- disclosure ---------------------------------------------------------------------

    @Test
    void disclosure_click_opensTrapsFocusAndEscapeReturnsToTheTrigger() throws Exception {
        open(ARTICLE);
        WebElement who = demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who"));
        who.click();
        assertDisclosureOpenWithFocusInside();
        demo.browser.screenshot("disclosure-open");
        assertFocusStaysInsideDisclosure();
        new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();
        assertFalse(disclosureVisible(), "Escape closes");
        assertTrue((Boolean) demo.browser.js("return document.activeElement === arguments[0]", who), "focus back on the trigger");
    }

    @Test
    void disclosure_tabThenEnter_opens() {
        open(ARTICLE);
        WebElement who = tabTo(".helpline-who");
        new Actions(demo.browser.driver).sendKeys(Keys.ENTER).perform();
        assertDisclosureOpenWithFocusInside();
        new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();
        assertFalse(disclosureVisible());
        assertTrue((Boolean) demo.browser.js("return document.activeElement === arguments[0]", who));
    }

    @Test
    void disclosure_tabThenSpace_opensAndCloseButtonClosesBySpace() {
        open(ARTICLE);
        WebElement who = tabTo(".helpline-who");
        double scrollBefore = ((Number) demo.browser.js("return window.scrollY")).doubleValue();
        new Actions(demo.browser.driver).sendKeys(Keys.SPACE).perform();
        assertDisclosureOpenWithFocusInside();
        assertEquals(scrollBefore, ((Number) demo.browser.js("return window.scrollY")).doubleValue(), 0.5, "Space did not scroll");
        // The crisis lines' links and the providers' link come first; then the close button.
        for (int i = 0; i < 12 && !"helpline-close".equals(demo.browser.js("return document.activeElement.className")); i++) {
            new Actions(demo.browser.driver).sendKeys(Keys.TAB).perform();
            assertTrue((Boolean) demo.browser.js("return document.getElementById('helpline-disclosure').contains(document.activeElement)"),
                    "focus stays inside");
        }
        assertEquals("helpline-close", demo.browser.js("return document.activeElement.className"));
        new Actions(demo.browser.driver).sendKeys(Keys.SPACE).perform();
        assertFalse(disclosureVisible(), "the close button closes");
        assertTrue((Boolean) demo.browser.js("return document.activeElement === arguments[0]", who));
    }

    @Test
    void disclosure_clickOutside_closes() {
        open(ARTICLE);
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        assertTrue(disclosureVisible());
        new Actions(demo.browser.driver).moveToLocation(20, 400).click().perform();
        assertFalse(disclosureVisible());
    }

    // ---- callback form ------------------------------------------------------------------

    @Test
    void form_badPhone_showsAnErrorTiedToTheFieldBeforePosting() throws Exception {
        open(ARTICLE);
        openPanel();
        WebElement phone = demo.browser.driver.findElement(By.id("helpline-phone"));
        assertTrue((Boolean) demo.browser.js("return document.activeElement === arguments[0]", phone), "focus on the phone field");
        phone.sendKeys("555-1234");
        demo.browser.driver.findElement(By.cssSelector(".helpline-submit")).click();
        WebElement error = wait(By.id("helpline-phone-error"));
        assertTrue(error.isDisplayed());
        assertEquals("Use this format: (###) ###-####", error.getText());
        assertEquals("true", phone.getAttribute("aria-invalid"));
        assertTrue(phone.getAttribute("aria-describedby").contains("helpline-phone-error"), phone.getAttribute("aria-describedby"));
        assertTrue((Boolean) demo.browser.js("return document.activeElement === arguments[0]", phone), "focus back on the field");
        assertEquals(List.of(), Axe.violations(demo.browser), "axe, form error");
        demo.browser.screenshot("form-error");
    }

    /** Through the filter's callback endpoint: 202 for a good number, the page stays. */
    @Test
    void form_goodPhone_showsSuccess() throws Exception {
        open(ARTICLE);
        openPanel();
        demo.browser.driver.findElement(By.id("helpline-phone")).sendKeys("(212) 555-0147");
        WebElement consent = demo.browser.driver.findElements(By.id("helpline-consent")).stream().findFirst().orElse(null);
        if (consent != null) {
            consent.click();
        }
        demo.browser.driver.findElement(By.cssSelector(".helpline-submit")).click();
        WebElement success = wait(By.cssSelector("#helpline-callback .helpline-success"));
        assertEquals("Thank you. We will call you back shortly.", success.getText());
        assertTrue(demo.browser.driver.getCurrentUrl().endsWith(ARTICLE), "stayed on the page: " + demo.browser.driver.getCurrentUrl());
        assertEquals(List.of(), Axe.violations(demo.browser), "axe, form success");
        demo.browser.screenshot("form-success");
    }

    // ---- crisis lines and licensed providers ---------------------------------------------

    private static final List<String> CRISIS_HREFS =
            List.of("tel:988", "sms:988", "tel:911", "tel:+18006624357", "tel:+18004874889");

    @SuppressWarnings("unchecked")
    static List<String> visibleHrefs(String selector) {
        return (List<String>) demo.browser.js("""
                return Array.from(document.querySelectorAll(arguments[0]))
                  .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
                  .map((e) => e.getAttribute('href'));
                """, selector);
    }

    @Test
    void crisis_disclosurePanelAndBox_showTheCrisisLinesApartFromTheHelplines() throws Exception {
        open(ARTICLE);
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        assertTrue(disclosureVisible());
        assertEquals(CRISIS_HREFS, visibleHrefs("#helpline-disclosure [data-helpline=crisis]"));
        WebElement first = demo.browser.driver.findElement(By.cssSelector("#helpline-disclosure .helpline-crisis p"));
        assertEquals("In crisis? Call or text 988 \u00B7 In an emergency call 911", first.getText());
        WebElement providers = demo.browser.driver.findElement(By.cssSelector("#helpline-disclosure .helpline-providers a"));
        assertTrue(providers.isDisplayed());
        assertEquals("https://findtreatment.gov/", providers.getAttribute("href"));
        assertEquals("noreferrer", providers.getAttribute("rel"));
        // The helpline's own marker never lands on a public line, anywhere on the page.
        assertEquals(List.of("tel:+18006013889"), visibleHrefs("[data-helpline=tel]").stream().distinct().toList());
        assertEquals(List.of(), demo.browser.js("return Array.from(document.querySelectorAll('[data-helpline=crisis]'))"
                + ".filter((a) => a.closest('[data-helpline=who]') || (a.nextElementSibling && a.nextElementSibling.matches('.helpline-who')))"));
        assertTouchTargets("disclosure open, crisis lines");
        new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();
        openPanel();
        assertEquals(CRISIS_HREFS, visibleHrefs("#helpline-callback [data-helpline=crisis]"));
        demo.browser.screenshot("form-crisis");
        open("talking-to-family.html");
        demo.browser.js("document.querySelector('[data-helpline=cta]').scrollIntoView({block: 'center'})");
        assertEquals(List.of("tel:988", "sms:988", "tel:911"), visibleHrefs("[data-helpline=cta] [data-helpline=crisis]"));
        assertTouchTargets("box with the crisis line");
        List<String> report = new ArrayList<>();
        checkAxe("box with the crisis line", report);
        assertEquals(List.of(), report);
        demo.browser.screenshot("cta-crisis");
    }

    // ---- deletion and revocation ---------------------------------------------------------

    /**
     * Issue K §4 in the browser: the link in the disclosure and under the form, the stop form
     * (its error and its answer, axe 0, CSP 0 after each step), and the revocation and the
     * deletion arriving at the demo's receiver, as does an operator's deletion.
     */
    @Test
    void stop_linksFormAndAnswer_revocationAndDeletionArriveAtTheIntake() throws Exception {
        open(ARTICLE);
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        assertTrue(disclosureVisible());
        assertEquals(List.of("/helpline/stop?lang=en"), visibleHrefs("#helpline-disclosure .helpline-stop-link"));
        assertTouchTargets("disclosure open, stop link");
        new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();
        openPanel();
        WebElement link = demo.browser.driver.findElement(By.cssSelector("#helpline-callback .helpline-stop-link"));
        assertTrue(link.isDisplayed());
        assertEquals("Stop calling me / delete my request", link.getText());
        link.click();
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("/helpline/stop"));
        assertEquals("Stop calls and delete your request", demo.browser.driver.findElement(By.tagName("h1")).getText());
        assertEquals(CRISIS_HREFS, visibleHrefs("[data-helpline=stop] [data-helpline=crisis]"));
        List<String> report = new ArrayList<>();
        checkAxe("stop form", report);
        assertTouchTargets("stop form");
        demo.browser.screenshot("stop-form");

        demo.browser.driver.findElement(By.id("helpline-stop-phone")).sendKeys("555-1234");
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=stop] .helpline-submit")).click();
        WebElement error = wait(By.id("helpline-stop-error"));
        assertTrue(error.getText().startsWith("Enter a valid 10-digit"), error.getText());
        WebElement phone = demo.browser.driver.findElement(By.id("helpline-stop-phone"));
        assertEquals("true", phone.getAttribute("aria-invalid"));
        assertTrue(phone.getAttribute("aria-describedby").contains("helpline-stop-error"));
        checkAxe("stop form error", report);
        demo.browser.screenshot("stop-form-error");

        phone = demo.browser.driver.findElement(By.id("helpline-stop-phone"));
        phone.clear();
        phone.sendKeys("(212) 555-0199");
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=stop] .helpline-submit")).click();
        WebElement done = wait(By.cssSelector("[data-helpline=stop] .helpline-done"));
        assertTrue(done.getText().startsWith("Thank you. American Addiction Centers has been told to stop calling"), done.getText());
        checkAxe("stop done", report);
        demo.browser.screenshot("stop-done");
        assertEquals(List.of(), report);

        // The operator's own path, with the demo's token: one more deletion, told the same way.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(demo.server.uri().resolve("helpline/admin/delete"))
                .header("Authorization", "Bearer " + dev.helpline.demo.DemoServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"(212) 555-0198\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, deleted.statusCode(), deleted.body());

        open("intake", false);
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(10)).until(d -> {
            d.navigate().refresh();
            String text = d.findElement(By.tagName("tbody")).getText();
            String visitor = dev.helpline.core.phone.PhoneNumber.mask("+12125550199");
            String operator = dev.helpline.core.phone.PhoneNumber.mask("+12125550198");
            return text.contains("consent.revoked " + visitor) && text.contains("callback.deleted " + visitor)
                    && text.contains("consent.revoked " + operator) && text.contains("callback.deleted " + operator);
        });
        demo.browser.screenshot("intake-revocation");
    }

    // ---- mobile, motion, targets --------------------------------------------------------

    @Test
    void mobile_390x844_hasNoHorizontalOverflowInAnyState() throws Exception {
        demo.browser.viewport(390, 844, true);
        open(ARTICLE);
        assertNoHorizontalOverflow("closed");
        Map<String, Object> r = rects();
        assertTrue(num(r, "headerTop") >= num(r, "bannerBottom") - 0.5, "host header below the banner: " + r);
        demo.browser.screenshot("mobile");
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        assertTrue(disclosureVisible());
        assertInsideViewport("#helpline-disclosure");
        assertNoHorizontalOverflow("disclosure open");
        demo.browser.screenshot("mobile-disclosure-open");
        new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();
        openPanel();
        assertInsideViewport("#helpline-callback");
        assertNoHorizontalOverflow("panel open");
        demo.browser.screenshot("mobile-form");
        assertTouchTargets("mobile panel open");
    }

    @Test
    void reducedMotion_transitionsAreOff() {
        open(ARTICLE);
        assertEquals("0.15s", transition(".helpline-submit"), "the animated element animates by default");
        demo.browser.reducedMotion(true);
        open(ARTICLE);
        for (String selector : List.of(".helpline-submit", "[data-helpline=banner]", "#helpline-disclosure", "#helpline-callback")) {
            assertEquals("0s", transition(selector), selector);
        }
        assertEquals("auto", demo.browser.js("return getComputedStyle(document.documentElement).scrollBehavior"));
    }

    @Test
    void touchTargets_everyState_atLeast24px() {
        open(ARTICLE);
        assertTouchTargets("closed");
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        assertTouchTargets("disclosure open");
        new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();
        openPanel();
        assertTouchTargets("panel open");
    }

    // ---- accessibility ------------------------------------------------------------------

    @Test
    void axe_everyWidgetState_noWcagAaViolations() throws Exception {
        open(ARTICLE);
        List<String> report = new ArrayList<>();
        checkAxe("closed", report);
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        checkAxe("disclosure open", report);
        new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();
        openPanel();
        checkAxe("panel open", report);
        demo.browser.driver.findElement(By.id("helpline-phone")).sendKeys("12");
        demo.browser.driver.findElement(By.cssSelector(".helpline-submit")).click();
        wait(By.id("helpline-phone-error"));
        checkAxe("form error", report);
        open("");
        checkAxe("home page", report);
        demo.browser.viewport(390, 844, true);
        open(ARTICLE);
        checkAxe("mobile closed", report);
        assertEquals(List.of(), report);
    }

    /**
     * The no-script states, where axe can run: JavaScript on, but the widget's script blocked
     * (the demo pages have no script of their own), so the page is what a no-JS visitor gets.
     */
    @Test
    void axe_noScriptStates_noWcagAaViolations() throws Exception {
        List<String> report = new ArrayList<>();
        demo.browser.blockUrls(List.of("*/helpline/assets/*.js"));
        try {
            open(ARTICLE, false);
            assertFalse(widgetScriptRan());
            checkAxe("no-JS closed", report);
            open(ARTICLE + "#helpline-disclosure", false);
            assertTrue(disclosureVisible());
            checkAxe("no-JS disclosure open", report);
            open(ARTICLE + "#helpline-callback", false);
            checkAxe("no-JS panel open", report);
            demo.browser.driver.findElement(By.id("helpline-phone")).sendKeys("555-1234");
            demo.browser.driver.findElement(By.cssSelector(".helpline-submit")).click();
            new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("helpline=error"));
            assertEquals("true", demo.browser.driver.findElement(By.id("helpline-phone")).getAttribute("aria-invalid"));
            checkAxe("no-JS form error", report);
        } finally {
            demo.browser.blockUrls(List.of());
            demo.browser.drainLogs();
        }
        assertEquals(List.of(), report);
    }

    // ---- CSP, network, weight -----------------------------------------------------------

    @Test
    void csp_everyPage_isStrictAndTheWidgetWorksUnderIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String page : List.of("", ARTICLE, "talking-to-family.html", "choosing-treatment.html")) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(demo.server.uri().resolve(page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String policy = res.headers().firstValue("Content-Security-Policy").orElse("");
            assertEquals(SecurityHeadersFilter.POLICY, policy, page);
            assertFalse(policy.contains("unsafe-inline"), policy);
            open(page);
            assertTrue(widgetScriptRan(), "the widget's script ran on " + page);
            assertEquals(List.of(), demo.browser.cspViolations(), page);
        }
        // The widget's tags carry SRI for the files the filter serves from its own path.
        for (WebElement tag : demo.browser.driver.findElements(By.cssSelector("link[data-helpline], script[data-helpline]"))) {
            String url = tag.getAttribute(tag.getTagName().equals("link") ? "href" : "src");
            assertTrue(url.startsWith(demo.server.uri().resolve("helpline/assets/").toString()), url);
            assertTrue(tag.getAttribute("integrity").startsWith("sha384-") || tag.getAttribute("integrity").startsWith("sha256-")
                    || tag.getAttribute("integrity").startsWith("sha512-"), tag.getAttribute("integrity"));
        }
    }

    /** Control: the probes do report a violation, so "none" above means none. */
    @Test
    void csp_probe_reportsAViolationWhenThereIsOne() {
        open(ARTICLE);
        demo.browser.js("const i = document.createElement('img'); i.src = 'https://example.invalid/x.png'; document.body.append(i)");
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(3)).until(d -> !demo.browser.cspViolations().isEmpty());
        assertTrue(demo.browser.cspViolations().stream().anyMatch(v -> v.contains("img-src")), demo.browser.cspViolations().toString());
        demo.browser.drainLogs();
        demo.browser.js("window.__helplineProbe.csp.length = 0");
    }

    @Test
    void csp_hostNonce_widgetTagsCarryItAndItsScriptRuns() throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(demo.server.uri().resolve(ARTICLE + "?csp=nonce")).build(), HttpResponse.BodyHandlers.ofString());
        String policy = res.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher m = Pattern.compile("'nonce-([^']+)' 'strict-dynamic'").matcher(policy);
        assertTrue(m.find(), policy);
        assertTrue(res.body().contains("nonce=\"" + m.group(1) + "\""), "the served tags carry this response's nonce");

        open(ARTICLE + "?csp=nonce");
        // Under 'strict-dynamic', 'self' no longer counts: the script runs only with the nonce.
        assertTrue(widgetScriptRan(), "the widget's script ran under a nonce-only policy");
        for (WebElement tag : demo.browser.driver.findElements(By.cssSelector("link[data-helpline], script[data-helpline]"))) {
            assertFalse(((String) demo.browser.js("return arguments[0].nonce", tag)).isEmpty(), tag.getTagName() + " has a nonce");
        }
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        assertTrue(disclosureVisible());
    }

    @Test
    void network_everyRequest_isSameOrigin() {
        String origin = demo.server.uri().toString().replaceAll("/$", "");
        List<String> all = new ArrayList<>();
        for (String page : List.of("", ARTICLE)) {
            open(page);
            demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
            new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();
            openPanel();
            all.addAll(demo.browser.requests());
        }
        System.out.println("browser: requests " + all);
        assertTrue(all.stream().anyMatch(u -> u.contains("/helpline/assets/")), "the log saw the widget's assets: " + all);
        assertEquals(List.of(), all.stream().filter(u -> !u.startsWith(origin + "/")).toList(), "requests to other origins");
    }

    @Test
    void weight_widgetJsAndCss_atMost8KiBGzipped() throws Exception {
        open(ARTICLE);
        HttpClient http = HttpClient.newHttpClient();
        int total = 0;
        StringBuilder report = new StringBuilder();
        for (WebElement tag : demo.browser.driver.findElements(By.cssSelector("link[data-helpline], script[data-helpline]"))) {
            String url = tag.getAttribute(tag.getTagName().equals("link") ? "href" : "src");
            byte[] body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(body);
            }
            Number wire = (Number) demo.browser.js("const e = performance.getEntriesByName(arguments[0])[0]; return e ? e.encodedBodySize : -1", url);
            report.append(url.substring(url.lastIndexOf('/') + 1)).append(": ").append(body.length).append(" B raw, ")
                    .append(gz.size()).append(" B gzipped, ").append(wire).append(" B on the wire; ");
            total += gz.size();
        }
        System.out.println("browser: weight " + report + "total gzipped " + total + " B");
        assertTrue(total <= 8 * 1024, report.toString());
    }

    // ---- helpers ------------------------------------------------------------------------

    static void open(String page) {
        open(page, true);
    }

    static void open(String page, boolean waitForScript) {
        demo.browser.open(demo.server.uri().resolve(page), waitForScript);
    }

    static boolean widgetScriptRan() {
        return Boolean.TRUE.equals(demo.browser.js(
                "return document.getElementById('helpline-disclosure').classList.contains('helpline-js')"));
    }

    static boolean disclosureVisible() {
        return Boolean.TRUE.equals(demo.browser.js(
                "return getComputedStyle(document.getElementById('helpline-disclosure')).display !== 'none'"));
    }

    static void openPanel() {
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-open-form")).click();
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> Boolean.TRUE.equals(demo.browser.js(
                "return getComputedStyle(document.getElementById('helpline-callback')).display !== 'none'")));
    }

    static WebElement wait(By by) {
        return new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** Presses Tab from the top of the page until the element matching the selector has focus. */
    static WebElement tabTo(String selector) {
        demo.browser.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");
        for (int i = 0; i < 6; i++) {
            new Actions(demo.browser.driver).sendKeys(Keys.TAB).perform();
            if (Boolean.TRUE.equals(demo.browser.js("return document.activeElement.matches(arguments[0])", "[data-helpline=banner] " + selector))) {
                return demo.browser.driver.switchTo().activeElement();
            }
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    static void assertDisclosureOpenWithFocusInside() {
        assertTrue(disclosureVisible(), "the disclosure is shown");
        assertTrue((Boolean) demo.browser.js("return document.getElementById('helpline-disclosure').contains(document.activeElement)"),
                "focus inside the disclosure, on " + demo.browser.js("return document.activeElement.outerHTML.slice(0, 80)"));
        assertInsideViewport("#helpline-disclosure");
    }

    static void assertFocusStaysInsideDisclosure() {
        for (Keys k : List.of(Keys.TAB, Keys.TAB, Keys.TAB)) {
            new Actions(demo.browser.driver).sendKeys(k).perform();
            assertTrue((Boolean) demo.browser.js("return document.getElementById('helpline-disclosure').contains(document.activeElement)"),
                    "Tab stays inside");
        }
        for (int i = 0; i < 3; i++) {
            new Actions(demo.browser.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            assertTrue((Boolean) demo.browser.js("return document.getElementById('helpline-disclosure').contains(document.activeElement)"),
                    "Shift+Tab stays inside");
        }
    }

    static void assertInsideViewport(String selector) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) demo.browser.js("""
                const b = document.querySelector(arguments[0]).getBoundingClientRect();
                return { left: b.left, top: b.top, right: b.right, bottom: b.bottom,
                         width: document.documentElement.clientWidth, height: window.innerHeight };
                """, selector);
        assertTrue(num(r, "left") >= 0 && num(r, "top") >= 0 && num(r, "right") <= num(r, "width") + 0.5
                && num(r, "bottom") <= num(r, "height") + 0.5, selector + " inside the viewport: " + r);
    }

    static void assertNoHorizontalOverflow(String state) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) demo.browser.js("""
                const d = document.documentElement;
                const wide = Array.from(document.querySelectorAll('[data-helpline], [data-helpline] *'))
                    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > d.clientWidth + 0.5)
                    .map((e) => e.tagName + '.' + e.className);
                return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, innerWidth: window.innerWidth, wide: wide };
                """);
        assertEquals(390.0, num(r, "innerWidth"), 0.5, "viewport " + r);
        assertTrue(num(r, "scrollWidth") <= num(r, "clientWidth"), state + ": horizontal overflow " + r);
        assertEquals(List.of(), r.get("wide"), state + ": widget elements past the right edge");
    }

    @SuppressWarnings("unchecked")
    static void assertTouchTargets(String state) {
        List<Object> small = (List<Object>) demo.browser.js("""
                return Array.from(document.querySelectorAll(
                    '[data-helpline] a[href], [data-helpline] button, [data-helpline] input:not([type=hidden]):not([tabindex="-1"])'))
                  .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
                  // Links inside the host's sentences (an inline number, its "Who Answers?") fall
                  // under WCAG 2.5.8's inline exception: their size is the line's.
                  .filter((e) => !e.closest('[data-helpline=who]') && !e.matches('[data-helpline=tel]:not([data-helpline=banner] *):not([data-helpline=cta] *)'))
                  .map((e) => [e, e.getBoundingClientRect()])
                  .filter(([e, b]) => b.width < 24 || b.height < 24)
                  .map(([e, b]) => e.outerHTML.slice(0, 60) + ' ' + b.width + 'x' + b.height);
                """);
        assertEquals(List.of(), small, state + ": targets under 24x24 px");
    }

    static String transition(String selector) {
        return (String) demo.browser.js("return getComputedStyle(document.querySelector(arguments[0])).transitionDuration", selector);
    }

    static void checkAxe(String state, List<String> report) throws Exception {
        List<String> v = Axe.violations(demo.browser);
        System.out.println("browser: axe " + state + ": " + v.size() + " violations " + Axe.summary(v));
        v.forEach(line -> report.add(state + ": " + line));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> rects() {
        return (Map<String, Object>) demo.browser.js("""
                const b = document.querySelector('[data-helpline=banner]').getBoundingClientRect();
                const h = document.querySelector('.site-header').getBoundingClientRect();
                return { bannerTop: b.top, bannerBottom: b.bottom, bannerHeight: b.height, headerTop: h.top };
                """);
    }

    static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertNotNull(v, key + " in " + m);
        return ((Number) v).doubleValue();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
