package dev.helpline.demo.browser;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser tests' condition: skip where Chromium is missing, except in CI. Needs no browser. */
class BrowserAvailabilityTest {
    static final Path NOWHERE = Path.of("/nonexistent/chromium");

    @Test
    void available_missingBrowserOutsideCi_answersFalseSoTheTestsAreSkipped() {
        assertFalse(Browser.available(NOWHERE, NOWHERE, null));
        assertFalse(Browser.available(NOWHERE, NOWHERE, "false"));
    }

    @Test
    void available_missingBrowserUnderCi_throwsSoTheRunFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Browser.available(NOWHERE, NOWHERE, "true"));
        assertTrue(e.getMessage().contains("apt-get install"), e.getMessage());
    }

    @Test
    void missing_namesEachAbsentProgramAndTheFix() {
        String what = Browser.missing(Path.of("/bin/sh"), NOWHERE.resolveSibling("chromedriver"), null);
        assertTrue(what.contains("/nonexistent/chromedriver"), what);
        assertFalse(what.contains("/bin/sh"), what);
        assertTrue(what.contains("-Dbrowser.chromedriver="), what);
        assertTrue(what.contains("apt-get install -y chromium chromium-driver"), what);
    }
}
