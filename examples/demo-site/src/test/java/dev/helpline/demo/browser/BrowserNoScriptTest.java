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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same flows with JavaScript switched off in the browser (the content setting, so the
 * page's scripts never run; WebDriver's own probes still do). The disclosure and the panel
 * open through {@code :target}, the form posts normally and the server answers with a
 * redirect back to the page.
 *
 * <p>What the markup alone cannot do, and is therefore not asserted here: Space on a link
 * (browsers follow links on Enter only), the focus trap, Escape, and focus returning to
 * the trigger.
 *
 * <p>axe cannot run here (its timers never fire with scripting off): the no-script states
 * are checked by {@code BrowserWidgetTest#axe_noScriptStates_noWcagAaViolations}, with the
 * widget's script blocked instead.
 */
@ExtendWith(BrowserCondition.class)
class BrowserNoScriptTest {
    static final String ARTICLE = "opioid-withdrawal.html";

    @RegisterExtension
    static final DemoSession demo = new DemoSession("demo.properties", false);

    @Test
    void page_noScript_scriptReallyOffAndBannerAboveTheHostHeader() throws Exception {
        open(ARTICLE);
        assertFalse(Boolean.TRUE.equals(demo.browser.js("return window.helplineWidget === true")), "the widget's script did not run");
        assertFalse((Boolean) demo.browser.js("return document.getElementById('helpline-disclosure').classList.contains('helpline-js')"));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) demo.browser.js("""
                const b = document.querySelector('[data-helpline=banner]').getBoundingClientRect();
                const h = document.querySelector('.site-header').getBoundingClientRect();
                return { bannerTop: b.top, bannerBottom: b.bottom, headerTop: h.top };
                """);
        assertEquals(0.0, ((Number) r.get("bannerTop")).doubleValue(), 0.5, r.toString());
        assertTrue(((Number) r.get("headerTop")).doubleValue() >= ((Number) r.get("bannerBottom")).doubleValue() - 0.5, r.toString());
        assertFalse(visible("#helpline-disclosure"));
        assertFalse(visible("#helpline-callback"));
    }

    @Test
    void disclosure_click_opensThroughTargetAndCloseHidesIt() throws Exception {
        open(ARTICLE);
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=banner] .helpline-who")).click();
        waitVisible("#helpline-disclosure", true);
        demo.browser.screenshot("nojs-disclosure-open");
        demo.browser.driver.findElement(By.cssSelector("#helpline-disclosure .helpline-close")).click();
        waitVisible("#helpline-disclosure", false);
        assertEquals(0.0, ((Number) demo.browser.js("return window.scrollY")).doubleValue(), 0.5, "closing did not jump the page");
    }

    @Test
    void disclosure_tabThenEnter_opensAndTheNextTabIsInside() {
        open(ARTICLE);
        for (int i = 0; i < 6 && !Boolean.TRUE.equals(demo.browser.js(
                "return document.activeElement.matches('[data-helpline=banner] .helpline-who')")); i++) {
            new Actions(demo.browser.driver).sendKeys(Keys.TAB).perform();
        }
        new Actions(demo.browser.driver).sendKeys(Keys.ENTER).perform();
        waitVisible("#helpline-disclosure", true);
        // The fragment moves the focus starting point into the dialog: Tab lands inside it (on the
        // first crisis line's link), and more Tabs reach its close link.
        new Actions(demo.browser.driver).sendKeys(Keys.TAB).perform();
        assertTrue((Boolean) demo.browser.js("return document.getElementById('helpline-disclosure').contains(document.activeElement)"),
                "focus inside: " + demo.browser.js("return document.activeElement.outerHTML.slice(0, 80)"));
        for (int i = 0; i < 12 && !Boolean.TRUE.equals(demo.browser.js("return document.activeElement.matches('#helpline-disclosure .helpline-close')")); i++) {
            new Actions(demo.browser.driver).sendKeys(Keys.TAB).perform();
        }
        new Actions(demo.browser.driver).sendKeys(Keys.ENTER).perform();
        waitVisible("#helpline-disclosure", false);
    }

    /** The filter's callback endpoint answers 303 back to the page, which shows the error beside the field. */
    @Test
    void form_badPhone_serverShowsTheErrorTiedToTheField() throws Exception {
        open(ARTICLE + "#helpline-callback");
        waitVisible("#helpline-callback", true);
        demo.browser.driver.findElement(By.id("helpline-phone")).sendKeys("555-1234");
        demo.browser.driver.findElement(By.cssSelector(".helpline-submit")).click();
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("helpline=error"));
        assertTrue(demo.browser.driver.getCurrentUrl().contains("/" + ARTICLE), demo.browser.driver.getCurrentUrl());
        waitVisible("#helpline-callback", true);
        WebElement phone = demo.browser.driver.findElement(By.id("helpline-phone"));
        assertEquals("true", phone.getAttribute("aria-invalid"), () -> demo.browser.driver.getCurrentUrl() + "\n"
                + demo.browser.js("return document.getElementById('helpline-callback').outerHTML"));
        assertTrue(phone.getAttribute("aria-describedby").contains("helpline-phone-error"));
        assertTrue(demo.browser.driver.findElement(By.id("helpline-phone-error")).isDisplayed());
        demo.browser.screenshot("nojs-form-error");
    }

    /** The filter's callback endpoint answers 303 back to the page with the success message. */
    @Test
    void form_goodPhone_serverShowsSuccess() throws Exception {
        open(ARTICLE + "#helpline-callback");
        waitVisible("#helpline-callback", true);
        demo.browser.driver.findElement(By.id("helpline-phone")).sendKeys("(212) 555-0147");
        demo.browser.driver.findElements(By.id("helpline-consent")).forEach(WebElement::click);
        demo.browser.driver.findElement(By.cssSelector(".helpline-submit")).click();
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("helpline=sent"));
        waitVisible("#helpline-callback", true);
        assertEquals("Thank you. We will call you back shortly.",
                demo.browser.driver.findElement(By.cssSelector("#helpline-callback .helpline-success")).getText());
    }

    /** Issue K §4: the stop form works without JavaScript: the link under the form, the post, the answer. */
    @Test
    void stop_fromTheLinkUnderTheForm_postsAndShowsTheAnswer() throws Exception {
        open(ARTICLE + "#helpline-callback");
        waitVisible("#helpline-callback", true);
        demo.browser.driver.findElement(By.cssSelector("#helpline-callback .helpline-stop-link")).click();
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("/helpline/stop"));
        demo.browser.driver.findElement(By.id("helpline-stop-phone")).sendKeys("(212) 555-0197");
        demo.browser.driver.findElement(By.cssSelector("[data-helpline=stop] .helpline-submit")).click();
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("sent=1"));
        assertTrue(demo.browser.driver.findElement(By.cssSelector("[data-helpline=stop] .helpline-done")).getText()
                .contains("has been told to stop calling this number"));
        demo.browser.screenshot("nojs-stop-done");
    }

    static void open(String page) {
        demo.browser.open(demo.server.uri().resolve(page));
    }

    static boolean visible(String selector) {
        return Boolean.TRUE.equals(demo.browser.js("return getComputedStyle(document.querySelector(arguments[0])).display !== 'none'", selector));
    }

    static void waitVisible(String selector, boolean shown) {
        new WebDriverWait(demo.browser.driver, Duration.ofSeconds(5)).until(d -> visible(selector) == shown);
    }
}
