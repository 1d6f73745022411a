package dev.helpline.demo.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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
@ExtendWith(BrowserCondition.class)
class BrowserSpanishTest {
    @RegisterExtension
    static final DemoSession demo = new DemoSession("es.properties", true);

    @Test
    void spanishPage_textsRenderIntactAndAxePasses() throws Exception {
        demo.browser.viewport(1280, 900, false);
        demo.browser.open(demo.server.uri().resolve("es/"));
        assertEquals("es", demo.browser.js("return document.documentElement.lang"));
        WebElement banner = demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner]"));
        assertEquals("Llame ahora: Línea de ayuda para adicciones 24 h (800) 601-3889 · ¿Quién responde? Solicite una llamada",
                banner.getText().replaceAll("\\s+", " "));
        assertEquals("Línea de ayuda", banner.getAttribute("aria-label"));
        assertNoMojibake();
        List<String> report = new ArrayList<>();
        collect("es closed", report);
        demo.browser.screenshot("es-desktop");

        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        WebElement title = demo.browser.driver.findElement(By.id("helpline-disclosure-title"));
        assertTrue(title.isDisplayed());
        assertEquals("¿A dónde van las llamadas?", title.getText());
        assertTrue(demo.browser.driver.findElement(By.id("helpline-disclosure")).getText()
                .contains("Ni Recovery Notes ni American Addiction Centers reciben una comisión"));
        assertEquals("Cerrar", demo.browser.driver.findElement(By.cssSelector("#helpline-disclosure .helpline-close")).getText());
        collect("es disclosure open", report);
        demo.browser.screenshot("es-disclosure-open");
        new Actions(demo.browser.driver).sendKeys(Keys.ESCAPE).perform();

        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-open-form")).click();
        WebElement phone = demo.browser.driver.findElement(By.id("helpline-phone"));
        phone.sendKeys("12345");
        demo.browser.driver.findElement(By.cssSelector(".helpline-submit")).click();
        WebElement error = new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5))
                .until(d -> d.findElements(By.id("helpline-phone-error")).stream().findFirst().orElse(null));
        assertEquals("Use este formato: (###) ###-####", error.getText());
        assertEquals("Llámenme", demo.browser.driver.findElement(By.cssSelector(".helpline-submit")).getText());
        collect("es form error", report);
        assertEquals(List.of(), report);
    }

    @Test
    void spanishPage_mobile_noHorizontalOverflow() throws Exception {
        demo.browser.viewport(390, 844, true);
        try {
            demo.browser.open(demo.server.uri().resolve("es/"));
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) demo.browser.js("""
                    const d = document.documentElement;
                    const b = document.querySelector('[data-helpline=banner]').getBoundingClientRect();
                    return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, bannerHeight: b.height };
                    """);
            assertTrue(((Number) r.get("scrollWidth")).doubleValue() <= ((Number) r.get("clientWidth")).doubleValue(), r.toString());
            assertTrue(((Number) r.get("bannerHeight")).doubleValue() <= 100, "banner height on a phone: " + r);
            demo.browser.screenshot("es-mobile");
        } finally {
            demo.browser.viewport(1280, 900, false);
        }
    }

    private static void assertNoMojibake() {
        String text = (String) demo.browser.js("return document.body.innerText");
        assertFalse(text.contains("Ã") || text.contains("Â") || text.contains("\uFFFD"), "mojibake in: " + text);
        assertTrue(text.contains("¿Cuándo pedir ayuda?"), "the host's own Spanish text");
    }

    private static void collect(String state, List<String> report) throws Exception {
        List<String> v = Axe.violations(demo.browser);
        System.out.println("browser: axe " + state + ": " + v.size() + " violations " + Axe.summary(v));
        v.forEach(line -> report.add(state + ": " + line));
    }
}
