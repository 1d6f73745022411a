package dev.helpline.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue K §4 through the real filter: which paths it answers itself, and the links its pages carry. */
class DataRightsFilterTest {
    private static final String TOKEN = "filter-test-operator-token-0123456789abcdef";

    /** Answers every request itself, so that a path the filter leaves alone is seen arriving here. */
    private static HttpServlet host() {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("text/html;charset=utf-8");
                res.getWriter().write("<!doctype html><html><head><title>t</title></head><body><p>host "
                        + req.getMethod() + "</p></body></html>");
            }
        };
    }

    @Test
    void adminPath_withoutAToken_isLeftToTheHost_withOne_theFilterAsksForIt() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(HelplineFilterJettyTest.config(
                "helpline.callback.store.url", "jdbc:h2:mem:rights-off")), host())) {
            HttpTester.Response r = h.request("POST /helpline/admin/delete HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertEquals(200, r.getStatus());
            assertTrue(r.getContent().contains("host POST"), "off: the host's own path: " + r.getContent());
        }
        try (JettyHarness h = new JettyHarness(new HelplineFilter(HelplineFilterJettyTest.config(
                "helpline.callback.store.url", "jdbc:h2:mem:rights-on", "helpline.admin.token", TOKEN)), host())) {
            HttpTester.Response r = h.request("POST /helpline/admin/delete HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertEquals(401, r.getStatus());
            assertTrue(r.get("WWW-Authenticate").startsWith("Bearer"));
            assertEquals("{\"error\":\"unauthorized\",\"message\":\"A valid bearer token is required\"}", r.getContent());
            r = h.request("POST /helpline/admin/delete HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 26\r\nConnection: close\r\n\r\n"
                    + "{\"phone\":\"(303) 486-2957\"}");
            assertEquals(200, r.getStatus(), r.getContent());
            assertTrue(r.getContent().startsWith("{\"deleted\":{\"requests\":0,\"pendingDeliveriesCancelled\":0,\"possiblyDeliveredAlready\":0}"),
                    r.getContent());
        }
    }

    @Test
    void stopPath_answeredByTheFilterUnwrapped_andPagesLinkToIt() throws Exception {
        try (JettyHarness h = new JettyHarness(new HelplineFilter(HelplineFilterJettyTest.config(
                "helpline.callback.store.url", "jdbc:h2:mem:rights-stop")), host())) {
            HttpTester.Response stop = h.get("/helpline/stop?lang=xx&profile=nope");
            assertEquals(200, stop.getStatus());
            assertEquals("no-store", stop.get("Cache-Control"));
            assertTrue(stop.getContent().contains("<main data-helpline=\"stop\""), stop.getContent());
            assertTrue(stop.getContent().contains("<html lang=\"en\">"), "an unknown language falls back to the site's");
            assertFalse(stop.getContent().contains("data-helpline=\"banner\""), "the filter's own page is not rewritten");
            assertFalse(stop.getContent().contains("host GET"));
            HttpTester.Response page = h.get("/article");
            assertTrue(page.getContent().contains("<a class=\"helpline-stop-link\" href=\"/helpline/stop?lang=en\">"
                    + "Stop calling me / delete my request</a>"), page.getContent());
            assertEquals(2, HelplineFilterJettyTest.count(page.getContent(), "class=\"helpline-stop-link\""),
                    "in the disclosure and under the form");
        }
    }
}
