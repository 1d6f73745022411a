package dev.helpline.core.render;

import dev.helpline.core.config.HelplineConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A site whose callback store cannot take requests: banner, disclosure and box stay; nothing leads to a form. */
class WidgetWithoutFormTest {
    private static final HelplineConfig CONFIG = HelplineConfig.fromProperties(Map.of(
            "helpline.phone", "800-601-3889", "helpline.operator.name", "AAC",
            "helpline.hours.schedule", "Mon-Fri 08:00-20:00", "helpline.hours.time-zone", "UTC"));

    @Test
    void withoutForm_openHours_bannerAndDisclosureButNoPanelAndNoLinkToIt() {
        Widget w = Widgets.of(CONFIG, "").withoutForm().widget(null, "en");
        Document doc = Jsoup.parseBodyFragment(w.bodyStart(new RenderContext(null, null, FormState.NONE)));
        assertEquals(1, doc.select("[data-helpline=banner]").size());
        assertEquals(1, doc.select("[data-helpline=disclosure]").size());
        assertEquals(0, doc.select("[data-helpline=callback], form").size(), doc.html());
        assertEquals(0, doc.select("a[href=#helpline-callback]").size(), doc.html());
        assertEquals(1, doc.select("a.helpline-banner-call").size());
    }

    @Test
    void withoutForm_offHours_offersNoFormInBannerOrBox() {
        // A Sunday: outside the schedule, where the banner and the box would offer the form.
        Widgets widgets = Widgets.of(CONFIG, "").withoutForm()
                .withClock(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
        assertFalse(widgets.isOpen());
        Widget w = widgets.widget(null, "en");
        String closed = w.bodyStart(new RenderContext(null, null, FormState.NONE, false)) + w.cta(false, false);
        assertFalse(closed.contains("#helpline-callback"), closed);
        assertTrue(closed.contains("data-helpline=\"banner\""), closed);
    }

    @Test
    void withForm_isTheDefault() {
        Widget w = Widgets.of(CONFIG, "").widget(null, "en");
        assertTrue(w.bodyStart().contains("data-helpline=\"form\""));
        assertTrue(w.banner().contains("href=\"#helpline-callback\""));
    }
}
