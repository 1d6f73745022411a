package dev.helpline.servlet;

import dev.helpline.core.html.Outcome;
import dev.helpline.core.html.StopReason;
import org.eclipse.jetty.http.HttpTester;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers a host can export without Spring: what the filter tells its
 * {@link HelplineListener}, and its {@link HelplineFilter#status()}, on a real Jetty.
 */
class HelplineListenerTest {
    @TempDir
    Path dir;

    /** Records every call, in order, as text. */
    static final class Recording implements HelplineListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void pageFinished(Outcome outcome, int numbersLinked, int boxesPlaced) {
            calls.add("page " + outcome + " linked=" + numbersLinked + " boxes=" + boxesPlaced);
        }

        @Override
        public void bodyStopped(StopReason reason) {
            calls.add("stop " + reason);
        }

        @Override
        public void callbackAnswered(String result, int status) {
            calls.add("callback " + result + " " + status);
        }

        @Override
        public void deliveryAttempted(boolean delivered, Duration latency, String error) {
            calls.add("delivery " + delivered);
        }

        /**
         * The calls, sorted, once {@code n} have arrived: the filter tells the listener after
         * the response is complete, so the client may see the answer (and send the next
         * request) before the call for the previous one.
         */
        List<String> settled(int n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (calls.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(50); // and no more than n
            return calls.stream().sorted().toList();
        }
    }

    private static final String ARTICLE = "<!DOCTYPE html><html><head><title>T</title></head><body><article>"
            + "<p>Call 800-601-3889 now, or (800) 601-3889 later.</p><div data-helpline-slot=\"cta\"></div>"
            + "</article></body></html>";
    private static final String FRAMESET = "<!DOCTYPE html><html><head><title>F</title></head>"
            + "<frameset><frame src=\"a.html\"></frameset></html>";

    private JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("site").toAbsolutePath());
        return ds;
    }

    @Test
    void pageFinished_injectedWithItsLinksAndBoxes_andEachPassThroughReason() throws Exception {
        Recording l = new Recording();
        HelplineFilter filter = new HelplineFilter(HelplineFilterJettyTest.config("helpline.callback.store.url",
                HelplineFilterJettyTest.memoryStore()), null, l);
        try (JettyHarness h = new JettyHarness(filter, new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                    throws java.io.IOException {
                res.setContentType("text/html;charset=utf-8");
                res.getWriter().write(req.getRequestURI().equals("/frames") ? FRAMESET : ARTICLE);
            }
        })) {
            HttpTester.Response article = h.get("/article");
            assertEquals(2, HelplineFilterJettyTest.count(article.getContent(), "<a data-helpline=\"tel\" href=\"tel:+18006013889\">")
                    - 1, article.getContent()); // the box's own link is the third
            h.get("/frames");
            h.get("/style.css"); // not a page: never reaches the rewriter, nothing to tell
        }
        assertEquals(List.of("page FRAMESET linked=0 boxes=0", "page INJECTED linked=2 boxes=1"), l.settled(2));
    }

    @Test
    void bodyStopped_aPageTheScannerCannotFollow_toldWithItsReason_andCountedByTheFilter() throws Exception {
        Recording l = new Recording();
        HelplineFilter filter = new HelplineFilter(HelplineFilterJettyTest.config("helpline.callback.store.url",
                HelplineFilterJettyTest.memoryStore()), null, l);
        try (JettyHarness h = new JettyHarness(filter, new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                    throws java.io.IOException {
                res.setContentType("text/html;charset=utf-8");
                // a block opened inside a link: the parser's adoption agency moves the link
                res.getWriter().write("<!DOCTYPE html><html><head><title>T</title></head><body>"
                        + "<a href=\"/\"><div>home</a><p>Call 800-601-3889 now.</p></body></html>");
            }
        })) {
            HttpTester.Response page = h.get("/page");
            assertEquals(0, HelplineFilterJettyTest.count(page.getContent(), "data-helpline=\"tel\" href=\"tel:+18006013889\">800"),
                    page.getContent());
        }
        assertEquals(List.of("page INJECTED linked=0 boxes=0", "stop LINK_AROUND_BLOCK"), l.settled(2));
        assertEquals(1L, filter.rewriteCounts().stops().get(StopReason.LINK_AROUND_BLOCK));
    }

    @Test
    void callbackAnswered_resultAndStatus_andStatusReportsTheOutboxInTheHostsDataSource() throws Exception {
        Recording l = new Recording();
        JdbcDataSource ds = dataSource();
        HelplineFilter filter = new HelplineFilter(HelplineFilterJettyTest.config(), ds, l);
        assertThrows(IllegalStateException.class, filter::status, "not running before init");
        try (JettyHarness h = new JettyHarness(filter, HelplineFilterJettyTest.host("text/html", "x", true, false, 200))) {
            HttpTester.Response r = h.request("POST /helpline/callback HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 32\r\nConnection: close\r\n\r\n"
                    + "phone=4159267381&consent=yes&t=1");
            assertEquals(403, r.getStatus(), r.getContent());
            h.request("GET /helpline/callback HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            HelplineStatus s = filter.status();
            assertTrue(s.formAvailable());
            assertFalse(s.webhookConfigured());
            assertEquals(0, s.backlog());
            assertEquals(Duration.ZERO, s.oldestUndelivered());
            assertNull(s.storeError());
        }
        assertEquals(List.of("callback refused 405", "callback token-missing 403"), l.settled(2));
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM helpline_schema_version")) {
            rs.next();
            assertEquals(3, rs.getInt(1), "the outbox's tables (schema versions 1 to 3) were created in the host's DataSource");
        }
    }

    @Test
    void status_storeCannotOpen_formUnavailableWithTheReason_and503IsTold() throws Exception {
        Recording l = new Recording();
        JdbcDataSource broken = new JdbcDataSource();
        broken.setURL("jdbc:h2:file:" + dir.resolve("missing/db").toAbsolutePath() + ";IFEXISTS=TRUE");
        HelplineFilter filter = new HelplineFilter(HelplineFilterJettyTest.config(), broken, l);
        try (JettyHarness h = new JettyHarness(filter, HelplineFilterJettyTest.host("text/html", "x", true, false, 200))) {
            HelplineStatus s = filter.status();
            assertFalse(s.formAvailable());
            assertTrue(s.storeError() != null && s.storeError().contains("DataSource"), String.valueOf(s.storeError()));
            h.request("POST /helpline/callback HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
        assertEquals(List.of("callback unavailable 503"), l.settled(1));
    }
}
