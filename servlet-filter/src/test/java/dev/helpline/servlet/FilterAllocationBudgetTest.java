package dev.helpline.servlet;

import dev.helpline.core.config.HelplineConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the filter allocates per request on the paths partners' pages take, in a real Jetty
 * over a socket, over the same server without it: with the banner only and with everything
 * on (the page's numbers linked, the box placed), for a static page written as bytes, a
 * page written through {@code getWriter()} in one {@code String} and in 2,050 prints of 50
 * chars. Every page gets a per-response CSP nonce and a freshly signed form token, as in
 * production. Bytes, not time: a filter outside both counts the request thread's allocated
 * bytes around the rest of the chain (the JVM counts them exactly); the median of the last
 * requests is taken, on both servers the same way.
 *
 * <p>The target is 2 KB over no filter ({@link #TARGET}); the budgets below are what each path
 * needs today, a little above what it measured, so that any new allocation per request fails
 * here. Where they exceed the target, why:
 * <ul>
 * <li>static bytes, about 3.1 KB (banner) and 4.2 KB (everything on): the rewriter's own
 *     1 KB (engine, tokenizer, window; 1.3 KB with the body followed), the wrappers a
 *     filtered response needs (response, request, streams, the per-response widget) and the
 *     form token (its HMAC and its string, about 0.4 KB).</li>
 * <li>{@code getWriter()}: the same objects (the encoder's chunk and buffer are lent by the
 *     filter's pool), minus what the container's own writer allocates without the filter,
 *     which a rewritten page never asks for: about -0.3 KB (banner) and 1 KB (everything on)
 *     over no filter with one write, 2.1 and 3.3 KB with prints (whose no-filter figure is
 *     lower). Before the Writer path took the byte path, with everything on it was about
 *     97 KB (one write) and 198 KB (prints): Jetty's writer wrapped every {@code char[]} the
 *     rewriter's char side handed it in a {@code CharBuffer}.</li>
 * </ul>
 */
class FilterAllocationBudgetTest {
    /** The target: the widget adds at most 2 KB per request over no filter. */
    static final long TARGET = 2048;
    /** Bytes over no filter allowed per path (static bytes, one write, prints), banner only and everything on. */
    private static final long[] BANNER = {3_800, 600, 2_600};
    private static final long[] FULL = {4_800, 1_500, 3_800};
    private static final String NONCE_ATTRIBUTE = "cspNonce";
    private static final int PRINT = 50;
    private static final int WARM_UP = 400;
    private static final int MEASURED = 101;

    private static byte[] page;
    private static String text;
    private static String[] prints;
    private static final Map<String, long[]> RESULTS = new HashMap<>();

    @BeforeAll
    static void page() {
        StringBuilder sb = new StringBuilder(104 * 1024);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Help &amp; hope</title>")
          .append("<style>p{margin:0}</style><script>var a = '<body>';</script>")
          .append("<noscript><img src=\"/px?id=1&amp;ev=view\" alt=\"\"></noscript></head>")
          .append("<body><header><nav><a href=\"/\">Home</a></nav></header><article><h1>Finding help</h1>");
        for (int i = 1; sb.length() < 100 * 1024; i++) {
            sb.append("<p>Detox is often <a href=\"/detox\" class=\"internal-link\">the first step</a>; ask about ")
              .append("<em>fees</em> &amp; insurance. Call (800) 601-3889 today. Paragraph ").append(i).append(".</p>\n");
        }
        text = sb.append("</article><footer><p>&copy; 2026</p></footer></body></html>").toString();
        page = text.getBytes(StandardCharsets.UTF_8);
        prints = new String[(text.length() + PRINT - 1) / PRINT];
        for (int i = 0; i < prints.length; i++) {
            prints[i] = text.substring(i * PRINT, Math.min(text.length(), (i + 1) * PRINT));
        }
    }

    @AfterAll
    static void report() {
        // For the README's allocation table: printed, never asserted on beyond the budget.
        RESULTS.forEach((k, v) -> System.out.println("allocation per request (static, one write, prints), " + k + ": "
                + Arrays.toString(v)));
    }

    /** Counts what the request thread allocates in the rest of the chain. */
    static final class Measure implements Filter {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final List<Long> bytes = new ArrayList<>();

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            long before = threads.getCurrentThreadAllocatedBytes();
            chain.doFilter(req, res);
            long after = threads.getCurrentThreadAllocatedBytes();
            synchronized (bytes) {
                bytes.add(after - before);
            }
        }
    }

    /** The host: the page as bytes ({@code /static}), one String ({@code /one}) or 50-char prints ({@code /prints}). */
    static final class Host extends HttpServlet {
        private int served;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html;charset=utf-8");
            // A fresh nonce per response, as a CSP filter in front of the host would set it.
            req.setAttribute(NONCE_ATTRIBUTE, NONCES[served++ & (NONCES.length - 1)]);
            switch (req.getServletPath()) {
                case "/static" -> {
                    OutputStream out = res.getOutputStream();
                    for (int i = 0; i < page.length; i += 8192) {
                        out.write(page, i, Math.min(8192, page.length - i));
                    }
                }
                case "/one" -> res.getWriter().write(text);
                default -> {
                    PrintWriter w = res.getWriter();
                    for (String p : prints) {
                        w.print(p);
                    }
                }
            }
        }
    }

    private static final String[] NONCES = new String[16];

    static {
        for (int i = 0; i < NONCES.length; i++) {
            NONCES[i] = "bm9uY2Ut" + (1000 + i) + "x";
        }
    }

    private static HelplineConfig config(boolean full) {
        Map<String, String> p = new HashMap<>();
        p.put("helpline.phone", "800-601-3889");
        p.put("helpline.operator.name", "Example Recovery Line");
        p.put("helpline.csp.nonce-attribute", NONCE_ATTRIBUTE);
        p.put("helpline.callback.store.url", "jdbc:h2:mem:allocation-" + full + ";DB_CLOSE_DELAY=-1");
        p.put("helpline.callback.token.secret", "test-token-secret-test-token-secret");
        if (full) {
            p.put("helpline.cta.after-paragraph", "3");
        } else {
            p.put("helpline.inline.enabled", "false");
            p.put("helpline.cta.enabled", "false");
        }
        return HelplineConfig.fromProperties(p);
    }

    /** Median bytes per request on each path, with the filter (or without it when {@code filter} is null). */
    private static long[] perRequest(Filter filter, boolean full) throws Exception {
        Measure measure = new Measure();
        long[] medians = new long[3];
        // A socket connector, not the LocalConnector: the local one collects the response in
        // buffers it grows on the server's thread, which would count as the filter's.
        try (JettyHarness h = new JettyHarness(filter, new Host(), ctx -> {
            ctx.addFilter(new FilterHolder(measure), "/*", EnumSet.of(DispatcherType.REQUEST));
        })) {
            org.eclipse.jetty.server.ServerConnector socket = new org.eclipse.jetty.server.ServerConnector(h.server);
            h.server.addConnector(socket);
            socket.start();
            String[] paths = {"/static", "/one", "/prints"};
            for (int k = 0; k < paths.length; k++) {
                for (int i = 0; i < WARM_UP; i++) {
                    get(socket.getLocalPort(), paths[k]);
                }
                measure.bytes.clear();
                HttpTester.Response last = null;
                for (int i = 0; i < MEASURED; i++) {
                    last = get(socket.getLocalPort(), paths[k]);
                }
                assertEquals(200, last.getStatus());
                checkPage(last.getContent(), filter != null, full, paths[k]);
                long[] sorted = measure.bytes.stream().mapToLong(Long::longValue).sorted().toArray();
                assertEquals(MEASURED, sorted.length);
                medians[k] = sorted[sorted.length / 2];
            }
        }
        return medians;
    }

    /** One request over a socket, read to the end. */
    private static HttpTester.Response get(int port, String path) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] raw = socket.getInputStream().readAllBytes();
            return HttpTester.parseResponse(java.nio.ByteBuffer.wrap(raw));
        }
    }

    /** The measured pages are what the budget is about: widget, nonce and token in, numbers linked when asked. */
    private static void checkPage(String body, boolean filtered, boolean full, String path) {
        if (!filtered) {
            assertEquals(text, body, path);
            return;
        }
        assertTrue(body.contains("data-helpline=\"banner\""), path);
        assertTrue(body.contains(" nonce=\"bm9uY2Ut"), path + ": the response's nonce");
        assertTrue(body.contains("<input type=\"hidden\" name=\"token\" value=\"2."), path + ": a form token");
        int links = HelplineFilterJettyTest.count(body, "data-helpline=\"who\"");
        int paragraphs = HelplineFilterJettyTest.count(body, "Paragraph ");
        if (full) {
            assertEquals(paragraphs, links, path + ": the number linked in every paragraph");
            assertEquals(1, HelplineFilterJettyTest.count(body, "data-helpline=\"cta\""), path + ": the box");
        } else {
            assertEquals(0, links, path);
        }
    }

    private static void check(boolean full) throws Exception {
        long[] none = perRequest(null, false);
        HelplineFilter filter = new HelplineFilter(config(full));
        long[] with = perRequest(filter, full);
        String variant = full ? "everything on" : "banner only";
        RESULTS.put("no filter (" + variant + " run)", none);
        RESULTS.put(variant, with);
        String[] names = {"static bytes", "getWriter() one write", "getWriter() 2,050 prints"};
        long[] budget = full ? FULL : BANNER;
        List<String> over = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long extra = with[k] - none[k];
            if (extra > budget[k]) {
                over.add(names[k] + ": " + extra + " B over no filter (" + with[k] + " against " + none[k] + ")");
            }
        }
        assertTrue(over.isEmpty(), variant + ": " + over);
    }

    @Test
    void bannerOnly_withinItsBudgetOverNoFilter_onEveryPath() throws Exception {
        check(false);
    }

    @Test
    void everythingOn_withinItsBudgetOverNoFilter_onEveryPath() throws Exception {
        check(true);
    }
}
