package dev.helpline.servlet;

import dev.helpline.core.config.HelplineConfig;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.helpline.servlet.HelplineFilterJettyTest.assertInjectedOnce;
import static dev.helpline.servlet.HelplineFilterJettyTest.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Profiles, languages and opening hours through the filter on a real Jetty. */
class ProfilesFilterJettyTest {
    private static final String PAGE = "<!doctype html><html><head><title>t</title></head><body><h1>Article</h1><p>Text.</p></body></html>";

    private static HelplineConfig config(String... more) {
        String[] base = {
                "helpline.callback.store.url", HelplineFilterJettyTest.memoryStore(),
                "helpline.hours.schedule", "Mon-Fri 08:00-20:00",
                "helpline.profiles.es.paths", "/es/**",
                "helpline.profiles.es.locale", "es",
                "helpline.profiles.es.phone", "866-234-5678"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return HelplineFilterJettyTest.config(all);
    }

    private static HelplineFilter filterAt(String instant) {
        HelplineFilter f = new HelplineFilter(config());
        f.clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
        return f;
    }

    /** Monday 10:00 in New York. */
    private static final String OPEN = "2026-11-02T15:00:00Z";
    /** Monday 21:00 in New York. */
    private static final String CLOSED = "2026-11-03T02:00:00Z";

    @Test
    void doFilter_spanishProfilePath_spanishTextsAndTheProfilesNumber() throws Exception {
        try (JettyHarness h = new JettyHarness(filterAt(OPEN), host("text/html;charset=utf-8", PAGE, true, false, 200))) {
            HttpTester.Response r = h.get("/es/x");
            assertEquals(200, r.getStatus());
            assertInjectedOnce(r);
            String body = r.getContent();
            assertTrue(body.contains("<span class=\"helpline-call-text\">Llame ahora</span>"), body);
            assertTrue(body.contains("href=\"tel:+18662345678\""), body);
            assertTrue(body.contains("&#xBF;Qui&#xE9;n responde?"), body);
            assertFalse(body.contains("tel:+18006013889"), body);
        }
    }

    @Test
    void doFilter_otherPath_englishAndTheTopLevelNumber() throws Exception {
        try (JettyHarness h = new JettyHarness(filterAt(OPEN), host("text/html", PAGE, true, false, 200))) {
            String body = h.get("/blog/x").getContent();
            assertTrue(body.contains("<span class=\"helpline-call-text\">Call Now</span>"), body);
            assertTrue(body.contains("href=\"tel:+18006013889\""), body);
        }
    }

    @Test
    void doFilter_acceptLanguageSpanish_spanishWithoutAProfile() throws Exception {
        try (JettyHarness h = new JettyHarness(filterAt(OPEN), host("text/html", PAGE, true, false, 200))) {
            String body = h.request("GET /blog/x HTTP/1.1\r\nHost: localhost\r\nAccept-Language: es-MX,es;q=0.9,en;q=0.5\r\n"
                    + "Connection: close\r\n\r\n").getContent();
            assertTrue(body.contains(">Llame ahora<"), body);
            assertTrue(body.contains("href=\"tel:+18006013889\""), body);
        }
    }

    @Test
    void doFilter_outsideTheHours_offHoursBannerWithoutCallLinkAndTheFormStays() throws Exception {
        try (JettyHarness h = new JettyHarness(filterAt(CLOSED), host("text/html", PAGE, true, false, 200))) {
            HttpTester.Response r = h.get("/blog/x");
            assertInjectedOnce(r);
            String body = r.getContent();
            String banner = body.substring(body.indexOf("<aside data-helpline=\"banner\""), body.indexOf("</aside>"));
            assertTrue(banner.contains("Our phone line is closed right now."), banner);
            assertFalse(banner.contains("tel:"), banner);
            assertTrue(banner.contains("href=\"#helpline-disclosure\""), banner);
            assertTrue(banner.contains("href=\"#helpline-callback\""), banner);
            assertTrue(body.contains("<section data-helpline=\"callback\""), body);
        }
    }

    @Test
    void doFilter_spanishPageWithFormErrorInQuery_spanishMessage() throws Exception {
        try (JettyHarness h = new JettyHarness(filterAt(OPEN), host("text/html", PAGE, true, false, 200))) {
            String body = h.get("/es/x?helpline=error&helpline-errors=phone.invalid").getContent();
            assertTrue(body.contains("Escriba un n&#xFA;mero de tel&#xE9;fono v&#xE1;lido"), body);
        }
    }

    /**
     * Issue J §7: the rules compared the undecoded URI, so {@code /%69ntake} and
     * {@code /intake;x} got the widget although {@code /intake} is excluded, and
     * {@code /%65s/} got the English widget instead of the Spanish profile's.
     */
    @Test
    void doFilter_encodedOrParameterisedPath_rulesSeeTheDecodedNormalisedPath() throws Exception {
        HelplineFilter f = new HelplineFilter(config("helpline.paths.exclude", "/intake"));
        f.clock = Clock.fixed(Instant.parse(OPEN), ZoneOffset.UTC);
        try (JettyHarness h = new JettyHarness(f, host("text/html", PAGE, true, false, 200))) {
            for (String excluded : new String[]{"/intake", "/%69ntake", "/intake;x", "/intake;jsessionid=1", "/x/../intake",
                    "/./intake"}) {
                HttpTester.Response r = h.get(excluded);
                assertEquals(200, r.getStatus(), excluded);
                assertFalse(r.getContent().contains("data-helpline"), excluded + " is excluded: " + r.getContent());
            }
            for (String spanish : new String[]{"/%65s/", "/es;v=1/x", "/%65s/%61rticulo"}) {
                String body = h.get(spanish).getContent();
                assertTrue(body.contains(">Llame ahora<") && body.contains("href=\"tel:+18662345678\""),
                        spanish + " is the Spanish profile's: " + body);
            }
        }
    }
}
