package dev.helpline.core.render;

import dev.helpline.core.callback.MutableClock;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.phone.PhoneNumber;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static dev.helpline.core.render.Fragments.config;
import static dev.helpline.core.render.Fragments.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PageWidget of one response: profile, language, hours, dated statistics, inline numbers, audit. */
class RequestWidgetTest {
    /** A Monday, 10:00 in New York. */
    private static final Instant MONDAY_10 = Instant.parse("2026-11-02T15:00:00Z");
    /** The same Monday, 21:00 in New York. */
    private static final Instant MONDAY_21 = Instant.parse("2026-11-03T02:00:00Z");

    private final HelplineConfig config = config(
            "helpline.site.name", "Recovery Notes",
            "helpline.hours.schedule", "Mon-Fri 08:00-20:00",
            "helpline.profiles.es.paths", "/es/**",
            "helpline.profiles.es.locale", "es",
            "helpline.profiles.es.phone", "866-234-5678",
            "helpline.profiles.other-operator.paths", "/partners/**",
            "helpline.profiles.other-operator.operator.name", "Another Operator",
            "helpline.profiles.other-operator.phone", "877-555-0199".replace("555-0199", "726-4727"));
    private final MutableClock clock = new MutableClock(MONDAY_10);
    private final Widgets widgets = Widgets.of(config, "").withClock(clock);

    private RequestWidget page(String path, String acceptLanguage) {
        return widgets.forResponse(path, acceptLanguage, lang -> RenderContext.NONE);
    }

    @Test
    void numberClose_followsThePagesLanguage_andAChangedLanguageIsNotServedFromTheLastAnswer() {
        RequestWidget page = page("/articulo", null);
        PhoneNumber number = config.phone();
        assertEquals("(¿Quién responde?)", parse(page.numberClose(number, "es")).text());
        assertSame(page.widget("es"), page.widget("es"));
        assertEquals("(Who Answers?)", parse(page.numberClose(number, "en-US")).text());
        assertEquals("(Who Answers?)", parse(page.numberClose(number, null)).text());
        assertEquals("(¿Quién responde?)", parse(page.numberClose(number, "es-MX")).text());
        assertTrue(page.numberOpen(number, "es-MX").contains("tel:+1"));
    }

    @Test
    void bodyStart_spanishProfile_spanishTextsAndTheProfilesNumber() {
        Element body = parse(page("/es/articulo", "en-US").bodyStart("en"));
        Element banner = body.selectFirst("[data-helpline=banner]");
        assertEquals("Llame ahora: Línea de ayuda para adicciones 24 h (866) 234-5678 · ¿Quién responde? Solicite una llamada",
                banner.text());
        assertEquals("tel:+18662345678", banner.selectFirst("a[data-helpline=tel]").attr("href"));
        assertEquals("¿A dónde van las llamadas?", body.selectFirst("#helpline-disclosure-title").text());
        assertTrue(body.selectFirst("#helpline-disclosure").text().contains("Ni Recovery Notes ni American Addiction Centers"));
        assertEquals("Llámenme", body.selectFirst(".helpline-submit").text());
    }

    @Test
    void bodyStart_spanishFragment_isAsciiWithCharacterReferences() {
        String html = page("/es/", null).bodyStart(null) + page("/es/", null).ctaBox(null)
                + page("/es/", null).numberClose(null, null);
        assertTrue(html.chars().allMatch(ch -> ch < 0x7F), "non-ASCII left in the fragment");
        assertTrue(html.contains("Llame ahora") && html.contains("&#xBF;Qui&#xE9;n responde?"), html);
    }

    @Test
    void bodyStart_noProfile_languageFromHtmlLangThenAcceptLanguage() {
        assertEquals("es", page("/blog/x", "en").language("es-MX"));
        assertEquals("es", page("/blog/x", "de, es;q=0.5, en;q=0.4").language(null));
        assertEquals("en", page("/blog/x", null).language(null));
        assertTrue(parse(page("/blog/x", null).bodyStart("es")).text().contains("Llame ahora"));
        assertTrue(parse(page("/blog/x", null).bodyStart("en")).text().contains("Call Now"));
    }

    @Test
    void bodyStart_contextAskedWithTheChosenLanguage_once() {
        List<String> asked = new ArrayList<>();
        widgets.forResponse("/es/", "en", lang -> {
            asked.add(lang);
            return new RenderContext("abc", "tok", null);
        }).bodyStart("en");
        assertEquals(List.of("es"), asked);
    }

    @Test
    void bodyStart_outsideTheHours_offHoursTextAndFormLinkNoCallLink() {
        clock.advance(Duration.between(MONDAY_10, MONDAY_21));
        Element banner = parse(page("/blog/x", null).bodyStart("en")).selectFirst("[data-helpline=banner]");
        assertNull(banner.selectFirst("a[data-helpline=tel]"));
        assertEquals("Our phone line is closed right now. Request a call back and we will call you when we open."
                + " · Who Answers? Request a call back", banner.text());
        assertNotNull(banner.selectFirst("a.helpline-who[href=#helpline-disclosure]"));
        assertNotNull(banner.selectFirst("a.helpline-open-form[href=#helpline-callback]"));
        assertNotNull(parse(page("/blog/x", null).bodyStart("en")).selectFirst("#helpline-callback form"));
    }

    @Test
    void bodyStart_profileWithItsOwnHours_openWhileTheTopLevelIsClosed() {
        HelplineConfig late = config("helpline.hours.schedule", "Mon-Fri 08:00-20:00",
                "helpline.profiles.es.paths", "/es/**", "helpline.profiles.es.locale", "es",
                "helpline.profiles.es.hours.schedule", "Mon-Fri 12:00-23:00");
        Widgets w = Widgets.of(late, "").withClock(new MutableClock(MONDAY_21));
        Element es = parse(w.forResponse("/es/x", null, lang -> RenderContext.NONE).bodyStart(null))
                .selectFirst("[data-helpline=banner]");
        Element en = parse(w.forResponse("/blog/x", null, lang -> RenderContext.NONE).bodyStart(null))
                .selectFirst("[data-helpline=banner]");
        assertNotNull(es.selectFirst("a[data-helpline=tel]"), es.outerHtml());
        assertNull(en.selectFirst("a[data-helpline=tel]"), en.outerHtml());
    }

    @Test
    void bodyStart_outsideTheHoursInSpanish_spanishOffHoursText() {
        clock.advance(Duration.between(MONDAY_10, MONDAY_21));
        String text = parse(page("/es/", null).bodyStart(null)).selectFirst("[data-helpline=banner]").text();
        assertTrue(text.startsWith("Nuestra línea telefónica está cerrada en este momento."), text);
    }

    @Test
    void ctaBox_outsideTheHours_offersTheFormAndMakesNoResponseTimeClaim() {
        clock.advance(Duration.between(MONDAY_10, MONDAY_21));
        Element cta = parse(page("/blog/x", null).ctaBox("en")).selectFirst("[data-helpline=cta]");
        assertNull(cta.selectFirst(".helpline-cta-stats"));
        assertNull(cta.selectFirst("a[data-helpline=tel]"));
        assertNotNull(cta.selectFirst("a.helpline-open-form"));
    }

    @Test
    void ctaBox_open_hasHeadingCallLinkDisclosureTriggerAndStats() {
        Element cta = parse(page("/blog/x", null).ctaBox("en")).selectFirst("[data-helpline=cta]");
        assertEquals("I need to talk to someone now Free and confidential Call (800) 601-3889 (Who Answers?)"
                + " Response time about 1 min | Response rate 100%", cta.text());
    }

    @Test
    void ctaBox_datedStats_shownUntilAsOfPlusMaxAgeThenLeftOut() {
        HelplineConfig dated = config("helpline.cta.stats-as-of", "2026-08-01", "helpline.cta.stats-max-age", "P90D");
        // 2026-08-01 + 90 days = 2026-10-30; New York time decides the day.
        MutableClock c = new MutableClock(Instant.parse("2026-10-31T03:59:59Z")); // 23:59:59 on the 30th in New York
        Widgets w = Widgets.of(dated, "").withClock(c);
        String last = w.forResponse("/", null, l -> RenderContext.NONE).ctaBox("en");
        assertEquals("Response time about 1 min | Response rate 100% (as of August 2026)",
                parse(last).selectFirst(".helpline-cta-stats").text());
        c.advance(Duration.ofSeconds(1));
        Element stale = parse(w.forResponse("/", null, l -> RenderContext.NONE).ctaBox("en")).selectFirst("[data-helpline=cta]");
        assertNull(stale.selectFirst(".helpline-cta-stats"));
        assertNotNull(stale.selectFirst("a[data-helpline=tel]"));
        assertEquals("(datos de agosto de 2026)", dated.texts(null, "es").ctaStatsAsOf());
    }

    @Test
    void inlineNumbers_profile_theProfilesNumberAndTheTopLevelsWhenTheOperatorIsTheSame() {
        PhoneNumber top = config.phone();
        assertEquals(Set.of(top), page("/blog/x", null).inlineNumbers());
        assertEquals(Set.of(PhoneNumber.parse("866-234-5678"), top), page("/es/x", null).inlineNumbers());
        assertEquals(Set.of(PhoneNumber.parse("877-726-4727")), page("/partners/x", null).inlineNumbers());
    }

    @Test
    void numberOpenAndClose_wrapTheNumberWithTelLinkAndLocalizedTrigger() {
        RequestWidget es = page("/es/x", null);
        PhoneNumber n = PhoneNumber.parse("866-234-5678");
        assertEquals("<a data-helpline=\"tel\" href=\"tel:+18662345678\">", es.numberOpen(n, null));
        assertEquals("</a><span data-helpline=\"who\"> (<a class=\"helpline-who\" href=\"#helpline-disclosure\""
                + " aria-haspopup=\"dialog\">&#xBF;Qui&#xE9;n responde?</a>)</span>", es.numberClose(n, null));
        assertEquals("</a><span data-helpline=\"who\"> (<a class=\"helpline-who\" href=\"#helpline-disclosure\""
                + " aria-haspopup=\"dialog\">Who Answers?</a>)</span>", page("/x", null).numberClose(n, "en"));
        assertEquals("<a data-helpline=\"tel\" href=\"tel:+18006013889\">", page("/x", null).numberOpen(config.phone(), "en"));
    }

    @Test
    void otherNumber_forwardedToTheListenerWithThePath() {
        AtomicReference<String> seen = new AtomicReference<>();
        widgets.withAudit((path, masked) -> seen.set(path + " " + masked))
                .forResponse("/blog/x", null, l -> RenderContext.NONE).otherNumber("********12");
        assertEquals("/blog/x ********12", seen.get());
    }

    @Test
    void otherNumber_auditDisabled_nothingForwarded() {
        AtomicReference<String> seen = new AtomicReference<>();
        Widgets.of(config("helpline.audit.enabled", "false"), "").withAudit((p, m) -> seen.set(p))
                .forResponse("/x", null, l -> RenderContext.NONE).otherNumber("********12");
        assertNull(seen.get());
    }

    @Test
    void widget_sameProfileAndLanguage_renderedOnce() {
        assertSame(widgets.forRequest("/es/a", null, null), widgets.forRequest("/es/b", "en", "en"));
        assertSame(widgets.forRequest("/a", "es", null), widgets.forRequest("/b", null, "es"));
        assertFalse(widgets.forRequest("/a", "es", null) == widgets.forRequest("/a", "en", null));
    }

    @Test
    void widget_topLevelEnglish_sameFragmentsAsBefore() {
        Widget plain = Widget.render(config, "");
        assertEquals(plain.bodyStart(), widgets.forRequest("/x", "en", null).bodyStart());
        assertEquals(plain.cta(), widgets.forRequest("/x", "en", null).cta(true, true));
    }
}
