package dev.helpline.servlet;

import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.render.Asset;
import dev.helpline.core.render.Widget;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter in a real Jetty, asserting the raw HTTP response: status line, headers, body. */
class HelplineFilterJettyTest {
    static final String PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><h1>Article</h1><p>Text.</p></body></html>";

    /** A store of the test's own, in memory: the whole widget, form included, and nothing on disk. */
    static String memoryStore() {
        return "jdbc:h2:mem:filter-" + java.util.UUID.randomUUID();
    }

    static HelplineConfig config(String... keyValues) {
        Map<String, String> m = new HashMap<>(Map.of("helpline.phone", "800-601-3889", "helpline.operator.name", "AAC"));
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return HelplineConfig.fromProperties(m);
    }

    /** A host servlet: writes {@code body} as {@code type}, by writer or stream, with a length if asked. */
    static HttpServlet host(String type, String body, boolean writer, boolean setLength, int status) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setStatus(status);
                res.setContentType(type);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                if (setLength) {
                    res.setContentLength(bytes.length);
                }
                res.setHeader("ETag", "\"v1\"");
                if (req.getParameter("skip") != null) {
                    req.setAttribute(HelplineFilter.OPT_OUT_ATTRIBUTE, Boolean.TRUE);
                }
                if (writer) {
                    res.getWriter().write(body);
                } else {
                    res.getOutputStream().write(bytes);
                }
            }
        };
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static void assertInjectedOnce(HttpTester.Response r) {
        String body = r.getContent();
        assertEquals(1, count(body, "data-helpline=\"banner\""), body);
        assertTrue(body.indexOf("data-helpline=\"banner\"") > body.indexOf("<body>"), body);
        assertTrue(body.contains("<h1>Article</h1><p>Text.</p></body></html>"), body);
        assertLengthConsistent(r);
    }

    static void assertLengthConsistent(HttpTester.Response r) {
        String cl = r.get("Content-Length");
        if (cl != null) {
            assertEquals(r.getContentBytes().length, Integer.parseInt(cl), "Content-Length must match the body sent");
        } else {
            // Without a length, HTTP/1.1 delimits the body by chunking or by closing the connection.
            assertTrue("chunked".equals(r.get("Transfer-Encoding")) || "close".equals(r.get("Connection")),
                    "without a length the body must be chunked or end with the connection");
        }
    }

    @Test
    void doFilter_htmlByWriter_injectsOnceAtBodyStart() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/html;charset=utf-8", PAGE, true, false, 200))) {
            HttpTester.Response r = h.get("/article");
            assertEquals(200, r.getStatus());
            assertEquals("text/html;charset=utf-8", r.get("Content-Type"));
            assertInjectedOnce(r);
        }
    }

    @Test
    void doFilter_htmlByStreamWithHostLength_dropsTheStaleLength() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/html", PAGE, false, true, 200))) {
            HttpTester.Response r = h.get("/article");
            assertEquals(200, r.getStatus());
            assertInjectedOnce(r);
            assertTrue(r.getContentBytes().length > PAGE.length());
        }
    }

    @Test
    void doFilter_strongEtagOnChangedBody_isWeakened() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/html", PAGE, true, false, 200))) {
            assertEquals("W/\"v1\"", h.get("/").get("ETag"));
        }
    }

    @Test
    void doFilter_plainText_passesThroughWithItsLength() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/plain", PAGE, false, true, 200))) {
            HttpTester.Response r = h.get("/file.txt");
            assertEquals(PAGE, r.getContent());
            assertEquals(String.valueOf(PAGE.length()), r.get("Content-Length"));
            assertEquals("\"v1\"", r.get("ETag"));
        }
    }

    @Test
    void doFilter_notFoundPage_passesThrough() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/html", PAGE, true, true, 404))) {
            HttpTester.Response r = h.get("/missing");
            assertEquals(404, r.getStatus());
            assertEquals(PAGE, r.getContent());
        }
    }

    @Test
    void doFilter_post_passesThrough() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/html", PAGE, true, false, 200))) {
            HttpTester.Response r = h.request("POST /search HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertEquals(PAGE, r.getContent());
        }
    }

    @Test
    void doFilter_disabled_passesThrough() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config("helpline.enabled", "false")),
                host("text/html", PAGE, true, true, 200))) {
            HttpTester.Response r = h.get("/");
            assertEquals(PAGE, r.getContent());
            assertEquals(String.valueOf(PAGE.length()), r.get("Content-Length"));
        }
    }

    @Test
    void doFilter_excludedPath_passesThrough() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config("helpline.paths.exclude", "/admin/**")),
                host("text/html", PAGE, true, false, 200))) {
            assertEquals(PAGE, h.get("/admin/users").getContent());
            assertInjectedOnce(h.get("/blog/post"));
        }
    }

    @Test
    void doFilter_hostOptsOut_passesThrough() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/html", PAGE, true, false, 200))) {
            assertEquals(PAGE, h.get("/?skip=1").getContent());
        }
    }

    @Test
    void doFilter_contentEncodingSet_passesThrough() throws Exception {
        HttpServlet encoded = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("text/html");
                res.setHeader("Content-Encoding", "identity-but-not");
                res.getWriter().write(PAGE);
            }
        };
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), encoded)) {
            assertEquals(PAGE, h.get("/").getContent());
        }
    }

    @Test
    void doFilter_head_hasNoBodyAndNoStaleLength() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/html", PAGE, true, true, 200))) {
            HttpTester.Response r = h.request("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.getStatus());
            assertEquals(0, r.getContentBytes() == null ? 0 : r.getContentBytes().length);
            String cl = r.get("Content-Length");
            assertFalse(String.valueOf(PAGE.length()).equals(cl), "HEAD must not announce the unmodified length");
        }
    }

    @Test
    void assets_servedFromTheFiltersOwnPath_withLongCacheAndValidators() throws Exception {
        HelplineConfig cfg = config();
        Widget widget = Widget.render(cfg, "");
        assertFalse(widget.assets().isEmpty(), "the widget has CSS and JS assets");
        try (JettyHarness h = new JettyHarness(new HelplineFilter(cfg), host("text/html", PAGE, true, false, 200))) {
            for (Asset a : widget.assets()) {
                HttpTester.Response r = h.get("/helpline/assets/" + a.fileName());
                assertEquals(200, r.getStatus());
                assertTrue(r.get("Content-Type").startsWith(a.contentType()));
                assertEquals("public, max-age=31536000, immutable", r.get("Cache-Control"));
                assertEquals(a.bytes().length, r.getContentBytes().length);
                HttpTester.Response again = h.request("GET /helpline/assets/" + a.fileName()
                        + " HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: " + r.get("ETag") + "\r\nConnection: close\r\n\r\n");
                assertEquals(304, again.getStatus());
            }
            assertEquals(404, h.get("/helpline/assets/nope.js").getStatus());
        }
    }

    @Test
    void assets_pageReferencesThemWithIntegrity() throws Exception {
        HelplineConfig cfg = config();
        try (JettyHarness h = new JettyHarness(new HelplineFilter(cfg), host("text/html", PAGE, true, false, 200))) {
            String body = h.get("/").getContent();
            for (Asset a : Widget.render(cfg, "").assets()) {
                assertTrue(body.contains("/helpline/assets/" + a.fileName()), body);
                assertTrue(body.contains(a.integrity()), body);
            }
        }
    }

    @Test
    void initializer_withHelplinePropertiesOnClasspath_registersTheFilter() throws Exception {
        try (JettyHarness h = new JettyHarness(null, host("text/html", PAGE, true, false, 200),
                ctx -> ctx.addServletContainerInitializer(new HelplineInitializer()))) {
            HttpTester.Response r = h.get("/");
            assertInjectedOnce(r);
            assertTrue(r.getContent().contains("(800) 601-3889"));
        }
    }

    @Test
    void doFilter_hostCspNonceInHeader_isCarriedByTheWidgetsTags() throws Exception {
        HttpServlet withCsp = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("text/html");
                res.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-Zm9vYmFy'");
                res.getWriter().write(PAGE);
            }
        };
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), withCsp)) {
            String body = h.get("/").getContent();
            assertEquals(2, count(body, "nonce=\"Zm9vYmFy\""), body);
        }
    }

    @Test
    void doFilter_hostNonceInConfiguredAttribute_winsOverTheHeader() throws Exception {
        HttpServlet withAttr = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                req.setAttribute("cspNonce", "YXR0cg");
                res.setContentType("text/html");
                res.getWriter().write(PAGE);
            }
        };
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config("helpline.csp.nonce-attribute", "cspNonce")), withAttr)) {
            String body = h.get("/").getContent();
            assertEquals(2, count(body, "nonce=\"YXR0cg\""), body);
        }
    }

    @Test
    void cspNonce_fromPolicy_readsOnlyWellFormedNonces() {
        assertEquals("abc123", CspNonce.fromPolicy("script-src 'nonce-abc123' 'strict-dynamic'"));
        assertEquals("d3f", CspNonce.fromPolicy("default-src 'nonce-d3f'; img-src *"));
        assertEquals(null, CspNonce.fromPolicy("script-src 'nonce-\"><x>'"));
        assertEquals(null, CspNonce.fromPolicy("script-src 'self'"));
    }

    /** The last policy is remembered; a different one, even of the same length, is read afresh. */
    @Test
    void cspNonce_fromPolicy_repeatedAndAlternatingPolicies_answerEachItsOwn() {
        for (int i = 0; i < 3; i++) {
            assertEquals("aaaa", CspNonce.fromPolicy("script-src 'nonce-aaaa'"));
            assertEquals("aaaa", CspNonce.fromPolicy("script-src 'nonce-aaaa'"));
            assertEquals("bbbb", CspNonce.fromPolicy("script-src 'nonce-bbbb'"));
            assertEquals(null, CspNonce.fromPolicy("script-src 'self'"));
            assertEquals(null, CspNonce.fromPolicy(""));
        }
    }

    /** Files the container maps to another type are never wrapped: their fast path stays the container's. */
    @Test
    void doFilter_pathWithNonHtmlExtension_isNotWrappedEvenIfTheHostSaysHtml() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config()), host("text/html", PAGE, false, true, 200))) {
            HttpTester.Response css = h.get("/theme/site.css");
            assertEquals(PAGE, css.getContent());
            assertEquals(String.valueOf(PAGE.length()), css.get("Content-Length"));
            assertInjectedOnce(h.get("/guide.html"));
            assertInjectedOnce(h.get("/guide"));
        }
    }

    @Test
    void doFilter_articleWithNumbersAndSlot_linksOnlyTheHelplineAndFillsTheSlot() throws Exception {
        String article = "<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body><article>"
                + "<p>Call 800-601-3889 for help, or SAMHSA at 1-800-662-4357.</p>"
                + "<div data-helpline-slot=\"cta\"></div><p><a href=\"/x\">800-601-3889</a></p></article></body></html>";
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config("helpline.callback.store.url", memoryStore())),
                host("text/html;charset=utf-8", article, true, false, 200))) {
            org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(h.get("/guide").getContent());
            var links = doc.select("article a[data-helpline=tel]");
            assertEquals(2, links.size(), doc.select("article").outerHtml()); // the sentence's, and the box's
            assertEquals("800-601-3889", links.get(0).text());
            assertEquals("tel:+18006013889", links.get(0).attr("href"));
            var trigger = links.get(0).nextElementSibling();
            assertEquals("who", trigger.attr("data-helpline"));
            assertTrue(trigger.text().contains("Who Answers?"));
            assertFalse(doc.select("article").html().contains("tel:+18006624357"), "someone else's number is never linked");
            assertEquals(1, doc.select("div[data-helpline-slot=cta] > [data-helpline=cta]").size());
            assertEquals("/x", doc.select("article a[href=/x]").attr("href"));
            assertEquals(0, doc.select("a[href=/x] a").size(), "no link inside the host's own link");
        }
    }

    @Test
    void doFilter_inlineAndCtaOff_onlyTheBannerIsAdded() throws Exception {
        String article = "<!DOCTYPE html><html><head><title>T</title></head><body>"
                + "<p>Call 800-601-3889.</p><div data-helpline-slot=\"cta\"></div></body></html>";
        try (JettyHarness h = new JettyHarness(new HelplineFilter(config("helpline.callback.store.url", memoryStore(),
                "helpline.inline.enabled", "false", "helpline.cta.enabled", "false")),
                host("text/html;charset=utf-8", article, true, false, 200))) {
            String body = h.get("/guide").getContent();
            assertEquals(1, count(body, "data-helpline=\"banner\""), body);
            assertTrue(body.endsWith("<p>Call 800-601-3889.</p><div data-helpline-slot=\"cta\"></div></body></html>"), body);
        }
    }

    /**
     * Issue J: with {@code helpline.callback.enabled=false} the pages still got the form (with
     * an empty token) and the links to it, and its POST answered 404. Switched off: no form, no
     * token, no link to it from the banner (open or outside the hours) or the box; the banner,
     * the disclosure and the box stay; and the form path is the site's like any other.
     */
    @Test
    void doFilter_callbackDisabled_noFormNoTokenNoLinkToIt_andTheFormPathIsTheSites() throws Exception {
        String article = "<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body><article>"
                + "<p>Call 800-601-3889.</p><div data-helpline-slot=\"cta\"></div></article></body></html>";
        // Monday 10:00 and 21:00 in New York: the line open, then closed.
        for (String now : java.util.List.of("2026-11-02T15:00:00Z", "2026-11-03T02:00:00Z")) {
            HelplineFilter filter = new HelplineFilter(config("helpline.callback.enabled", "false",
                    "helpline.hours.schedule", "Mon-Fri 08:00-20:00"));
            filter.clock = java.time.Clock.fixed(java.time.Instant.parse(now), java.time.ZoneOffset.UTC);
            try (JettyHarness h = new JettyHarness(filter, host("text/html;charset=utf-8", article, true, false, 200))) {
                String html = h.get("/guide").getContent();
                org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html);
                assertEquals(1, doc.select("[data-helpline=banner]").size(), html);
                assertEquals(1, doc.select("[data-helpline=disclosure]").size(), html);
                assertEquals(1, doc.select("div[data-helpline-slot=cta] > [data-helpline=cta]").size(), html);
                assertEquals(0, doc.select("form, [data-helpline=callback], #helpline-callback, input[name=token]").size(),
                        now + ": " + html);
                assertEquals(0, doc.select("a[href=#helpline-callback], a.helpline-open-form").size(), now + ": " + html);
                assertFalse(html.contains("token"), html);

                HttpTester.Response post = h.request("POST /helpline/callback HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: 2\r\n"
                        + "Connection: close\r\n\r\n{}");
                assertEquals(200, post.getStatus(), post.toString());
                assertEquals(article, post.getContent(), "the site's own servlet answered, nothing of ours");
            }
        }
    }
}
