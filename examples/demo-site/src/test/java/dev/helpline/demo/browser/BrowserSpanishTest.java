package dev.helpline.demo.browser;

import dev.helpline.demo.DemoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spanish page ({@code /es/}, {@code <html lang="es">}) under the demo's Spanish profile
 * ({@code helpline.profiles.es}: the built-in Spanish texts), seen by an English-speaking
 * browser: the accents and inverted marks arrive intact, the layout holds the longer texts,
 * and axe finds nothing.
 */
@EnabledIf("dev.helpline.demo.browser.Browser#available")
class BrowserSpanishTest {
    static DemoServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.start(0, Browser.config("es.properties"), null);
        browser = Browser.start(true);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @AfterEach
    void noViolations() {
        assertEquals(List.of(), browser.cspViolations(), "CSP violations");
    }

    @Test
    void spanishPage_textsRenderIntactAndAxePasses() throws Exception {
        browser.viewport(1280, 900, false);
        browser.open(server.uri().resolve("es/"));
        assertEquals("es", browser.js("return document.documentElement.lang"));
        WebElement banner = browser.driver.findElement(By.cssSelector("[data-helpline=banner]"));
        assertEquals("Llame ahora: Línea de ayuda para adicciones 24 h (800) 601-3889 · ¿Quién responde? Solicite una llamada",
                banner.getText().replaceAll("\\s+", " "));
        assertEquals("Línea de ayuda", banner.getAttribute("aria-label"));
        assertNoMojibake();
        List<String> report = new ArrayList<>();
        collect("es closed", report);
        browser.screenshot("es-desktop");

        browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        WebElement title = browser.driver.findElement(By.id("helpline-disclosure-title"));
        assertTrue(title.isDisplayed());
        assertEquals("¿A dónde van las llamadas?", title.getText());
        assertTrue(browser.driver.findElement(By.id("helpline-disclosure")).getText()
                .contains("Ni Recovery Notes ni American Addiction Centers reciben una comisión"));
        assertEquals("Cerrar", browser.driver.findElement(By.cssSelector("#helpline-disclosure .helpline-close")).getText());
        collect("es disclosure open", report);
        browser.screenshot("es-disclosure-open");
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();

        browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-open-form")).click();
        WebElement phone = browser.driver.findElement(By.id("helpline-phone"));
        phone.sendKeys("12345");
        browser.driver.findElement(By.cssSelector(".helpline-submit")).click();
        WebElement error = new WebDriverWait(browser.driver, Duration.ofSeconds(5))
                .until(d -> d.findElements(By.id("helpline-phone-error")).stream().findFirst().orElse(null));
        assertEquals("Use este formato: (###) ###-####", error.getText());
        assertEquals("Llámenme", browser.driver.findElement(By.cssSelector(".helpline-submit")).getText());
        collect("es form error", report);
        assertEquals(List.of(), report);
    }

    @Test
    void spanishPage_mobile_noHorizontalOverflow() throws Exception {
        browser.viewport(390, 844, true);
        try {
            browser.open(server.uri().resolve("es/"));
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) browser.js("""
                    const d = document.documentElement;
                    const b = document.querySelector('[data-helpline=banner]').getBoundingClientRect();
                    return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, bannerHeight: b.height };
                    """);
            assertTrue(((Number) r.get("scrollWidth")).doubleValue() <= ((Number) r.get("clientWidth")).doubleValue(), r.toString());
            assertTrue(((Number) r.get("bannerHeight")).doubleValue() <= 100, "banner height on a phone: " + r);
            browser.screenshot("es-mobile");
        } finally {
            browser.viewport(1280, 900, false);
        }
    }

    private static void assertNoMojibake() {
        String text = (String) browser.js("return document.body.innerText");
        assertFalse(text.contains("Ã") || text.contains("Â") || text.contains("\uFFFD"), "mojibake in: " + text);
        assertTrue(text.contains("¿Cuándo pedir ayuda?"), "the host's own Spanish text");
    }

    private static void collect(String state, List<String> report) throws Exception {
        List<String> v = Axe.violations(browser);
        System.out.println("browser: axe " + state + ": " + v.size() + " violations " + Axe.summary(v));
        v.forEach(line -> report.add(state + ": " + line));
    }
}
