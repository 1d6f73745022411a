package dev.helpline.servlet.compat;

import dev.helpline.core.config.HelplineConfig;
import dev.helpline.servlet.HelplineFilter;
import dev.helpline.servlet.HelplineInitializer;
import dev.helpline.servlet.compat.Matrix.Kind;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

import static dev.helpline.servlet.compat.Matrix.MARK;
import static dev.helpline.servlet.compat.Matrix.PAGE;
import static dev.helpline.servlet.compat.Matrix.assertInjectedOnce;
import static dev.helpline.servlet.compat.Matrix.assertUntouched;
import static dev.helpline.servlet.compat.Matrix.count;
import static dev.helpline.servlet.compat.Matrix.servlet;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compatibility matrix: every scenario on every container, asserting the raw HTTP
 * response. Each host servlet is mounted twice: under {@code /page/} behind the filter and
 * under {@code /raw/}, which the configuration excludes, so that a scenario can compare
 * with what the container does without us. The filter is mapped for every dispatch type
 * here (the worst a {@code web.xml} can do); the widget must still appear once.
 */
class CompatMatrixTest {
    static final HelplineConfig CONFIG = Matrix.config("helpline.paths.exclude", "/raw/**");
    static final String FRAGMENT = Matrix.fragment(CONFIG);
    static final byte[] PAGE_BYTES = PAGE.getBytes(StandardCharsets.UTF_8);
    static final ExecutorService ASYNC = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "host-async");
        t.setDaemon(true);
        return t;
    });

    private static final Map<String, Running> SHARED = new HashMap<>();

    record Running(Container container, int port) {
    }

    static synchronized int shared(Kind kind) throws Exception {
        Running r = SHARED.get(kind.name());
        if (r == null) {
            Container c = kind.factory().get();
            r = new Running(c, c.start(sharedApp()));
            SHARED.put(kind.name(), r);
        }
        return r.port();
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (Running r : SHARED.values()) {
            r.container().close();
        }
        SHARED.clear();
    }

    static java.util.stream.Stream<Kind> kinds() {
        return Matrix.containers();
    }

    // ---- the host application ---------------------------------------------------------

    static final String[] LENGTH_WAYS = {"setContentLength", "setContentLengthLong", "setHeader", "addHeader",
            "setIntHeader", "addIntHeader"};

    static void setLength(HttpServletResponse res, String way, int n) {
        switch (way) {
            case "setContentLength" -> res.setContentLength(n);
            case "setContentLengthLong" -> res.setContentLengthLong(n);
            case "setHeader" -> res.setHeader("Content-Length", Integer.toString(n));
            case "addHeader" -> res.addHeader("Content-Length", Integer.toString(n));
            case "setIntHeader" -> res.setIntHeader("Content-Length", n);
            case "addIntHeader" -> res.addIntHeader("Content-Length", n);
            default -> throw new IllegalArgumentException(way);
        }
    }

    private static Path docroot;

    static synchronized Path docroot() throws IOException {
        if (docroot != null) {
            return docroot;
        }
        Path root = Path.of("target", "compat-docroot");
        docroot = root;
        Files.createDirectories(root.resolve("raw"));
        Files.writeString(root.resolve("page.html"), PAGE);
        Files.writeString(root.resolve("raw/page.html"), PAGE);
        Files.writeString(root.resolve("note.txt"), "plain text, left alone\n");
        byte[] bin = new byte[100_000];
        new java.util.Random(7).nextBytes(bin);
        Files.write(root.resolve("data.bin"), bin);
        return root;
    }

    static App sharedApp() throws IOException {
        App app = new App().filter(new HelplineFilter(CONFIG), DispatcherType.REQUEST, DispatcherType.FORWARD,
                DispatcherType.INCLUDE, DispatcherType.ERROR, DispatcherType.ASYNC);
        app.docroot = docroot();
        app.compression = true;
        app.errorPages.put(404, "/error-page");
        Map<String, Matrix.Handler> hosts = new HashMap<>();

        hosts.put("length", (req, res) -> {
            res.setContentType(req.getParameter("type"));
            res.setHeader("ETag", "\"v1\"");
            setLength(res, req.getParameter("way"), PAGE_BYTES.length);
            if ("writer".equals(req.getParameter("out"))) {
                res.getWriter().write(PAGE);
            } else {
                res.getOutputStream().write(PAGE_BYTES);
            }
        });
        hosts.put("writer", (req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().print(PAGE);
        });
        hosts.put("stream", (req, res) -> {
            res.setContentType("text/html");
            res.getOutputStream().write(PAGE_BYTES);
        });
        hosts.put("mix", (req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            String outcome;
            if ("writer-first".equals(req.getParameter("order"))) {
                PrintWriter w = res.getWriter();
                try {
                    res.getOutputStream();
                    outcome = "allowed";
                } catch (IllegalStateException e) {
                    outcome = "IllegalStateException";
                }
                w.write(PAGE.replace("Text.", outcome));
            } else {
                ServletOutputStream out = res.getOutputStream();
                try {
                    res.getWriter();
                    outcome = "allowed";
                } catch (IllegalStateException e) {
                    outcome = "IllegalStateException";
                }
                out.write(PAGE.replace("Text.", outcome).getBytes(StandardCharsets.UTF_8));
            }
        });
        hosts.put("charset-encoding", (req, res) -> {
            res.setCharacterEncoding("ISO-8859-1");
            res.setContentType("text/html");
            res.getWriter().write(PAGE.replace("Text.", "Café."));
        });
        hosts.put("charset-type", (req, res) -> {
            res.setContentType("text/html; charset=windows-1252");
            res.getOutputStream().write(PAGE.replace("Text.", "Café.").getBytes(Charset.forName("windows-1252")));
        });
        hosts.put("charset-undeclared", (req, res) -> {
            res.setContentType("text/html");
            res.getOutputStream().write(PAGE.replace("<title>", "<meta charset=\"iso-8859-1\"><title>")
                    .replace("Text.", "Café.").getBytes(StandardCharsets.ISO_8859_1));
        });
        hosts.put("charset-locale", (req, res) -> {
            res.setLocale(Locale.forLanguageTag("es-ES"));
            res.setContentType("text/html");
            res.getWriter().write(PAGE.replace("Text.", "Niño."));
        });
        hosts.put("charset-after-writer", (req, res) -> {
            // Every way of changing the charset after getWriter(): the container ignores them all.
            res.setContentType("text/html;charset=UTF-8");
            PrintWriter w = res.getWriter();
            res.setCharacterEncoding("ISO-8859-1");
            res.setContentType("text/html;charset=windows-1252");
            res.setHeader("Content-Type", "text/html; charset=US-ASCII");
            res.setLocale(Locale.JAPAN);
            w.write(PAGE.replace("Text.", "Caf\u00e9 \u20ac \uD83D\uDE00."));
        });
        hosts.put("type-late", (req, res) -> {
            PrintWriter w = res.getWriter();
            res.setContentType("text/html");
            w.write(PAGE);
        });
        hosts.put("type-null", (req, res) -> {
            res.setContentType("text/plain");
            res.setContentType(null);
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().write(PAGE);
        });
        hosts.put("type-header", (req, res) -> {
            res.setHeader("Content-Type", req.getParameter("type"));
            res.getOutputStream().write(PAGE_BYTES);
        });
        hosts.put("type-header-over", (req, res) -> {
            res.setContentType("text/html");
            res.setHeader("Content-Type", "text/plain;charset=UTF-8");
            res.getOutputStream().write(PAGE_BYTES);
        });
        hosts.put("flush-before", (req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            res.setContentLength(PAGE_BYTES.length);
            res.flushBuffer();
            String committed = res.isCommitted() ? "YES!." : "NO!!."; // as long as "Text."
            res.getWriter().write(PAGE.replace("Text.", committed));
        });
        hosts.put("flush-mid", (req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            int cut = "stream".equals(req.getParameter("out")) ? PAGE.indexOf("<bo") + 2 : PAGE.indexOf("<h1>");
            if ("stream".equals(req.getParameter("out"))) {
                ServletOutputStream out = res.getOutputStream();
                out.write(PAGE.substring(0, 20).getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write(PAGE.substring(20, cut).getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write(PAGE.substring(cut).getBytes(StandardCharsets.UTF_8));
            } else {
                PrintWriter w = res.getWriter();
                w.write(PAGE.substring(0, cut));
                w.flush();
                w.write(PAGE.substring(cut));
                w.flush();
            }
        });
        hosts.put("reset-buffer", (req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            PrintWriter w = res.getWriter();
            w.write("<html><body><p>draft");
            res.resetBuffer();
            w.write(PAGE);
        });
        hosts.put("reset-buffer-switch", (req, res) -> {
            res.setContentType("text/plain");
            res.setContentLength(100);
            ServletOutputStream out = res.getOutputStream();
            out.write("draft".getBytes(StandardCharsets.UTF_8));
            res.resetBuffer();
            res.setContentType("text/html");
            res.setContentLength(PAGE_BYTES.length);
            out.write(PAGE_BYTES);
        });
        hosts.put("reset", (req, res) -> {
            res.setContentType("text/plain");
            res.setHeader("ETag", "\"draft\"");
            res.setContentLength(999);
            res.getWriter().write("draft");
            res.reset();
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().write(PAGE);
        });
        hosts.put("committed-state", (req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            boolean before = res.isCommitted();
            PrintWriter w = res.getWriter();
            w.write(PAGE.substring(0, PAGE.indexOf("Text.")));
            w.flush();
            w.write("before=" + before + " after=" + res.isCommitted());
            w.write(PAGE.substring(PAGE.indexOf("Text.") + 5));
        });
        hosts.put("send-error", (req, res) -> res.sendError(Integer.parseInt(req.getParameter("code"))));
        hosts.put("send-error-partial", (req, res) -> {
            res.setContentType("text/html");
            res.getWriter().write("<html><body><p>partial");
            res.sendError(500);
        });
        hosts.put("throws", (req, res) -> {
            res.setContentType("text/html");
            res.getWriter().write("<html><body><p>partial");
            throw new IllegalStateException("host failure (expected by the test)");
        });
        hosts.put("redirect", (req, res) -> {
            res.setContentType("text/html");
            res.sendRedirect("/page/writer");
        });
        hosts.put("status", (req, res) -> {
            res.setStatus(Integer.parseInt(req.getParameter("code")));
            res.setContentType("text/html");
            res.setContentLength(PAGE_BYTES.length);
            res.getOutputStream().write(PAGE_BYTES);
        });
        hosts.put("no-content", (req, res) -> {
            res.setStatus(204);
            res.setContentType("text/html");
        });
        hosts.put("validators", (req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            res.setHeader("ETag", "\"v1\"");
            res.setDateHeader("Last-Modified", 1_700_000_000_000L);
            String inm = req.getHeader("If-None-Match");
            // RFC 9110 §13.1.2: If-None-Match compares weakly.
            if (inm != null && (inm.replace("W/", "").contains("\"v1\""))) {
                res.setStatus(304);
                return;
            }
            res.setContentLength(PAGE_BYTES.length);
            res.getOutputStream().write(PAGE_BYTES);
        });
        hosts.put("partial-content", (req, res) -> {
            res.setStatus(206);
            res.setContentType("text/html");
            res.setHeader("Content-Range", "bytes 0-9/" + PAGE_BYTES.length);
            res.setContentLength(10);
            res.getOutputStream().write(PAGE_BYTES, 0, 10);
        });
        hosts.put("gzipped", (req, res) -> {
            res.setContentType("text/html");
            res.setHeader("Content-Encoding", "gzip");
            byte[] gz = gzip(PAGE_BYTES);
            res.setContentLength(gz.length);
            res.getOutputStream().write(gz);
        });
        hosts.put("forward", (req, res) -> {
            res.setContentType("text/plain"); // the forwarded page decides its own type
            String target = "/page/" + req.getParameter("to");
            // The request's dispatcher is ours; the context's is the container's alone.
            ("context".equals(req.getParameter("via")) ? req.getServletContext().getRequestDispatcher(target)
                    : req.getRequestDispatcher(target)).forward(req, res);
        });
        hosts.put("include", (req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            PrintWriter w = res.getWriter();
            w.write(PAGE.substring(0, PAGE.indexOf("<body>")));
            req.getRequestDispatcher("/page/include-part").include(req, res);
            w.flush();
        });
        hosts.put("include-part", (req, res) -> {
            res.setContentType("text/plain"); // ignored in an include
            res.getWriter().write(PAGE.substring(PAGE.indexOf("<body>")));
        });
        hosts.put("async-complete", (req, res) -> {
            AsyncContext ctx = "args".equals(req.getParameter("start")) ? req.startAsync(req, res) : req.startAsync();
            ASYNC.submit(() -> {
                try {
                    Thread.sleep(50);
                    HttpServletResponse r = (HttpServletResponse) ctx.getResponse();
                    r.setContentType("text/html;charset=UTF-8");
                    if ("stream".equals(req.getParameter("out"))) {
                        r.getOutputStream().write(PAGE_BYTES);
                    } else {
                        r.getWriter().write(PAGE);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                } finally {
                    ctx.complete();
                }
            });
        });
        hosts.put("async-dispatch", (req, res) -> {
            AsyncContext ctx = req.startAsync();
            ASYNC.submit(() -> ctx.dispatch("/page/" + req.getParameter("to")));
        });
        hosts.put("opt-out", (req, res) -> {
            res.setContentType("text/html");
            res.setContentLength(PAGE_BYTES.length);
            req.setAttribute(HelplineFilter.OPT_OUT_ATTRIBUTE, Boolean.TRUE);
            res.getOutputStream().write(PAGE_BYTES);
        });
        hosts.put("typed", (req, res) -> {
            res.setContentType(req.getParameter("type"));
            res.setContentLength(PAGE_BYTES.length);
            if (req.getParameter("disposition") != null) {
                res.setHeader("Content-Disposition", req.getParameter("disposition"));
            }
            res.getOutputStream().write(PAGE_BYTES);
        });
        hosts.put("big", (req, res) -> {
            long size = Long.parseLong(req.getParameter("mb")) << 20;
            res.setContentType(req.getParameter("type"));
            ServletOutputStream out = res.getOutputStream();
            byte[] chunk = new byte[8192];
            byte[] head = "<!DOCTYPE html><html><head><title>Big</title></head><body>".getBytes(StandardCharsets.US_ASCII);
            byte[] para = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = para[i % para.length];
            }
            HeapProbe.reset();
            out.write(head);
            long sent = head.length;
            while (sent < size) {
                out.write(chunk);
                sent += chunk.length;
                if (sent % (2L << 20) < chunk.length) {
                    HeapProbe.sample();
                }
            }
            out.write("</body></html>".getBytes(StandardCharsets.US_ASCII));
            HeapProbe.sample();
        });

        hosts.forEach((name, h) -> {
            app.servlet("/page/" + name, servlet(h));
            app.servlet("/raw/" + name, servlet(h));
        });
        app.servlet("/error-page", servlet((req, res) -> {
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().write("<!DOCTYPE html><html><body><h1>custom 404</h1></body></html>");
        }));
        return app;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    static RawHttp.Response get(Kind kind, String path, String... headers) throws Exception {
        return RawHttp.get(shared(kind), path, headers);
    }

    // ---- Content-Length -----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void contentLength_everySetterOnHtml_droppedForTheRewrittenBody(Kind kind) throws Exception {
        for (String out : List.of("stream", "writer")) {
            for (String way : LENGTH_WAYS) {
                RawHttp.Response r = get(kind, "/page/length?type=text/html;charset=UTF-8&out=" + out + "&way=" + way);
                assertEquals(200, r.status(), way);
                assertInjectedOnce(r, FRAGMENT, PAGE);
                assertFalse(Integer.toString(PAGE_BYTES.length).equals(r.header("Content-Length")), way + ": stale length\n" + r);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void contentLength_everySetterOnNonHtml_keptExactly(Kind kind) throws Exception {
        for (String way : LENGTH_WAYS) {
            RawHttp.Response r = get(kind, "/page/length?type=text/plain&way=" + way);
            assertUntouched(r, PAGE);
            assertEquals(Integer.toString(PAGE_BYTES.length), r.header("Content-Length"), way + "\n" + r);
            assertEquals("\"v1\"", r.header("ETag"), way);
        }
    }

    // ---- output and charsets ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void output_writerOrStream_injectedOnce(Kind kind) throws Exception {
        assertInjectedOnce(get(kind, "/page/writer"), FRAGMENT, PAGE);
        assertInjectedOnce(get(kind, "/page/stream"), FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void output_mixingWriterAndStream_failsAsTheContainerDoes(Kind kind) throws Exception {
        for (String order : List.of("writer-first", "stream-first")) {
            RawHttp.Response raw = get(kind, "/raw/mix?order=" + order);
            RawHttp.Response ours = get(kind, "/page/mix?order=" + order);
            assertTrue(raw.text().contains("IllegalStateException"), raw::toString);
            assertInjectedOnce(ours, FRAGMENT, raw.text());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void charset_setCharacterEncoding_keptAndBodyEncodedInIt(Kind kind) throws Exception {
        RawHttp.Response raw = get(kind, "/raw/charset-encoding");
        RawHttp.Response r = get(kind, "/page/charset-encoding");
        assertEquals(raw.header("Content-Type"), r.header("Content-Type"));
        assertTrue(r.header("Content-Type").toLowerCase(Locale.ROOT).contains("iso-8859-1"), r::toString);
        String body = Matrix.withoutToken(r.text(StandardCharsets.ISO_8859_1));
        assertEquals(1, count(body, MARK), r::toString);
        assertTrue(body.contains("Café."), r::toString);
        assertEquals(raw.text(StandardCharsets.ISO_8859_1), body.replace(new String(FRAGMENT.getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.ISO_8859_1), ""), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void charset_fromContentTypeByStream_hostBytesIntact(Kind kind) throws Exception {
        Charset cp1252 = Charset.forName("windows-1252");
        RawHttp.Response raw = get(kind, "/raw/charset-type");
        RawHttp.Response r = get(kind, "/page/charset-type");
        assertEquals(raw.header("Content-Type"), r.header("Content-Type"));
        String body = Matrix.withoutToken(r.text(cp1252));
        assertEquals(1, count(body, MARK), r::toString);
        assertEquals(raw.text(cp1252), body.replace(new String(FRAGMENT.getBytes(cp1252), cp1252), ""), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void charset_undeclaredLatin1ByStream_hostBytesIntact(Kind kind) throws Exception {
        // Regression guard: a rewriter that decodes an undeclared page as UTF-8 and encodes it
        // back turns each 0xE9 into EF BF BD.
        RawHttp.Response raw = get(kind, "/raw/charset-undeclared");
        RawHttp.Response r = get(kind, "/page/charset-undeclared");
        String body = Matrix.withoutToken(r.text(StandardCharsets.ISO_8859_1));
        assertEquals(1, count(body, MARK), r::toString);
        assertTrue(body.contains("Caf\u00e9."), () -> "the host's 0xE9 byte survives\n" + r);
        assertEquals(raw.text(StandardCharsets.ISO_8859_1),
                body.replace(new String(FRAGMENT.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1), ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void charset_fromSetLocale_sameAsWithoutUs(Kind kind) throws Exception {
        RawHttp.Response raw = get(kind, "/raw/charset-locale");
        RawHttp.Response r = get(kind, "/page/charset-locale");
        assertEquals(raw.header("Content-Type"), r.header("Content-Type"));
        assertEquals(raw.header("Content-Language"), r.header("Content-Language"));
        String cs = dev.helpline.servlet.compat.Charsets.of(r.header("Content-Type"));
        String body = r.text(Charset.forName(cs));
        assertEquals(1, count(body, MARK), r::toString);
        assertTrue(body.contains("Niño."), r::toString);
    }

    /**
     * A rewritten writer page is encoded by the filter, not by the container's writer: the
     * charset the host's writer fixed stays, whatever the host sets after, as the container's
     * own writer keeps it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void charset_changedAfterGetWriter_ignoredAsTheContainerDoes(Kind kind) throws Exception {
        RawHttp.Response raw = get(kind, "/raw/charset-after-writer");
        RawHttp.Response r = get(kind, "/page/charset-after-writer");
        assertEquals(raw.header("Content-Type"), r.header("Content-Type"));
        assertTrue(r.header("Content-Type").toLowerCase(Locale.ROOT).contains("utf-8"), r::toString);
        String body = Matrix.withoutToken(r.text(StandardCharsets.UTF_8));
        assertEquals(1, count(body, MARK), r::toString);
        assertTrue(body.contains("Caf\u00e9 \u20ac \uD83D\uDE00."), r::toString);
        assertEquals(raw.text(StandardCharsets.UTF_8), body.replace(FRAGMENT, ""), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void contentType_setAfterGetWriter_stillSeen(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page/type-late");
        assertTrue(r.header("Content-Type").startsWith("text/html"), r::toString);
        assertInjectedOnce(r, FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void contentType_setToNullAndSetAgain_seesTheLastType(Kind kind) throws Exception {
        RawHttp.Response raw = get(kind, "/raw/type-null");
        RawHttp.Response r = get(kind, "/page/type-null");
        assertEquals(raw.header("Content-Type"), r.header("Content-Type"));
        assertInjectedOnce(r, FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void contentType_throughSetHeader_seenByTheDecision(Kind kind) throws Exception {
        assertInjectedOnce(get(kind, "/page/type-header?type=text/html;charset=UTF-8"), FRAGMENT, PAGE);
        assertUntouched(get(kind, "/page/type-header?type=text/plain"), PAGE);
        RawHttp.Response over = get(kind, "/page/type-header-over");
        assertTrue(over.header("Content-Type").startsWith("text/plain"), over::toString);
        assertUntouched(over, PAGE);
    }

    // ---- flushing, commit, reset -------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void flushBuffer_beforeTheBody_commitsWithoutTheHeldLength(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page/flush-before");
        assertInjectedOnce(r, FRAGMENT, PAGE.replace("Text.", "YES!."));
        assertNull(r.header("Content-Length"), () -> "the host's length was for the unchanged page\n" + r);
        RawHttp.Response raw = get(kind, "/raw/flush-before");
        assertEquals(Integer.toString(PAGE_BYTES.length), raw.header("Content-Length"));
        assertEquals(PAGE.replace("Text.", "YES!."), raw.text());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void flush_beforeAndAfterTheBodyStarts_injectedOnce(Kind kind) throws Exception {
        assertInjectedOnce(get(kind, "/page/flush-mid?out=writer"), FRAGMENT, PAGE);
        assertInjectedOnce(get(kind, "/page/flush-mid?out=stream"), FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void isCommitted_reportsTheContainersState(Kind kind) throws Exception {
        RawHttp.Response raw = get(kind, "/raw/committed-state");
        RawHttp.Response r = get(kind, "/page/committed-state");
        assertTrue(raw.text().contains("before=false after=true"), raw::toString);
        assertInjectedOnce(r, FRAGMENT, raw.text());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void resetBuffer_beforeCommit_dropsTheDraftIncludingWhatTheRewriterHeld(Kind kind) throws Exception {
        assertInjectedOnce(get(kind, "/page/reset-buffer"), FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void resetBuffer_afterAPassedTextDraft_decidesAgainForTheHtml(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page/reset-buffer-switch");
        assertInjectedOnce(r, FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void reset_beforeCommit_forgetsHeldHeaders(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page/reset");
        assertInjectedOnce(r, FRAGMENT, PAGE);
        assertNull(r.header("ETag"), r::toString);
        assertFalse("999".equals(r.header("Content-Length")), r::toString);
    }

    // ---- status ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void sendError_withTheContainersErrorPages_noWidget(Kind kind) throws Exception {
        RawHttp.Response custom = get(kind, "/page/send-error?code=404");
        assertEquals(404, custom.status());
        assertTrue(custom.text().contains("custom 404"), custom::toString);
        assertEquals(0, count(custom.text(), MARK), custom::toString);

        RawHttp.Response builtIn = get(kind, "/page/send-error?code=503");
        assertEquals(503, builtIn.status());
        assertEquals(0, count(builtIn.text(), MARK), builtIn::toString);
        assertEquals(errorPage(get(kind, "/raw/send-error?code=503")), errorPage(builtIn));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void sendError_afterAPartialWrite_noneOfThePartialPageFollows(Kind kind) throws Exception {
        RawHttp.Response raw = get(kind, "/raw/send-error-partial");
        RawHttp.Response r = get(kind, "/page/send-error-partial");
        assertEquals(500, r.status());
        assertFalse(r.text().contains("<p>partial"), r::toString);
        assertEquals(0, count(r.text(), MARK));
        assertEquals(errorPage(raw), errorPage(r));
    }

    /**
     * A container's error page without what names the request: Jetty's names the URI and
     * the servlet, and shows a stack trace (which has our filter's frames in it).
     */
    static String errorPage(RawHttp.Response r) {
        return r.text().replaceAll("(?m)^<tr><th>(URI|SERVLET):.*$", "").replaceAll("(?s)<pre>.*?</pre>", "<pre/>");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void hostThrows_afterTheBodyStarted_theContainerDecidesAsWithoutUs(Kind kind) throws Exception {
        // Jetty replaces an uncommitted partial page with its error page; Tomcat sends the partial
        // page with status 500. Either way the same as without the filter, except that on Tomcat
        // the widget, written when the page began as a 200, stays in the partial page.
        RawHttp.Response raw = get(kind, "/raw/throws");
        RawHttp.Response r = get(kind, "/page/throws");
        assertEquals(500, r.status());
        assertTrue(count(r.text(), MARK) <= 1, r::toString);
        assertEquals(errorPage(raw), Matrix.withoutToken(errorPage(r)).replace(FRAGMENT, ""), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void sendRedirect_untouched(Kind kind) throws Exception {
        RawHttp.Response raw = get(kind, "/raw/redirect");
        RawHttp.Response r = get(kind, "/page/redirect");
        assertEquals(302, r.status());
        assertEquals(raw.header("Location"), r.header("Location"));
        assertEquals(raw.text(), r.text());
        assertEquals(0, count(r.text(), MARK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void nonOkStatus_htmlPassesWithItsLength(Kind kind) throws Exception {
        for (int code : new int[] {201, 404, 410, 500}) {
            RawHttp.Response r = get(kind, "/page/status?code=" + code);
            assertEquals(code, r.status());
            assertUntouched(r, PAGE);
            assertEquals(Integer.toString(PAGE_BYTES.length), r.header("Content-Length"), r::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void noContent204_noBody(Kind kind) throws Exception {
        RawHttp.Response raw = get(kind, "/raw/no-content");
        RawHttp.Response r = get(kind, "/page/no-content");
        assertEquals(204, r.status());
        assertEquals(0, r.body().length);
        assertEquals(raw.header("Content-Length"), r.header("Content-Length"));
        assertEquals(raw.header("Transfer-Encoding"), r.header("Transfer-Encoding"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void validators_strongEtagWeakened_lastModifiedKept_conditionalGetAnswers304(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page/validators");
        assertInjectedOnce(r, FRAGMENT, PAGE);
        assertEquals("W/\"v1\"", r.header("ETag"));
        RawHttp.Response raw = get(kind, "/raw/validators");
        assertEquals("\"v1\"", raw.header("ETag"));
        assertEquals(raw.header("Last-Modified"), r.header("Last-Modified"));
        assertNotNull(r.header("Last-Modified"));

        RawHttp.Response again = get(kind, "/page/validators", "If-None-Match: " + r.header("ETag"));
        assertEquals(304, again.status(), again::toString);
        assertEquals(0, again.body().length);
        assertEquals("W/\"v1\"", again.header("ETag"), "a 304 carries the validator the 200 carried");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void head_sameHeadersAsGet_noBody(Kind kind) throws Exception {
        for (String path : List.of("/page/validators", "/page.html", "/page/writer")) {
            RawHttp.Response get = get(kind, path);
            RawHttp.Response head = RawHttp.request(shared(kind), "HEAD", path);
            assertEquals(get.status(), head.status(), path);
            assertEquals(0, head.body().length);
            assertEquals(get.header("Content-Type"), head.header("Content-Type"), path);
            assertEquals(get.header("ETag"), head.header("ETag"), path);
            assertEquals(get.header("Last-Modified"), head.header("Last-Modified"), path);
            String cl = head.header("Content-Length");
            if (cl != null) {
                assertEquals(get.body().length, Integer.parseInt(cl), () -> path + ": HEAD announces another length than GET sends\n"
                        + head + "\n" + get);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void partialContent_fromTheHost_untouched(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page/partial-content");
        assertEquals(206, r.status());
        assertEquals("10", r.header("Content-Length"));
        assertArrayEquals(java.util.Arrays.copyOf(PAGE_BYTES, 10), r.body());
    }

    // ---- the container's own static files -------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void staticFile_get_injectedWithWeakEtagAndLastModified(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page.html");
        assertInjectedOnce(r, FRAGMENT, PAGE);
        assertNotNull(r.header("Last-Modified"), r::toString);
        assertEquals(r.header("Last-Modified"), get(kind, "/raw/page.html").header("Last-Modified"));
        if (r.header("ETag") != null) {
            assertTrue(r.header("ETag").startsWith("W/"), r::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void staticFile_conditionalRequests_answer304(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page.html");
        if (r.header("ETag") != null) {
            RawHttp.Response byTag = get(kind, "/page.html", "If-None-Match: " + r.header("ETag"));
            assertEquals(304, byTag.status(), byTag::toString);
            assertEquals(0, byTag.body().length);
        }
        RawHttp.Response byDate = get(kind, "/page.html", "If-Modified-Since: " + r.header("Last-Modified"));
        assertEquals(304, byDate.status(), byDate::toString);
        assertEquals(0, byDate.body().length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void staticFile_range_206LeftUntouched(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page.html", "Range: bytes=0-9");
        assertEquals(206, r.status(), r::toString);
        assertNotNull(r.header("Content-Range"));
        assertArrayEquals(java.util.Arrays.copyOf(PAGE_BYTES, 10), r.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void staticFile_ifRangeWithOurWeakEtag_servesTheWholeRewrittenPage(Kind kind) throws Exception {
        String tag = get(kind, "/page.html").header("ETag");
        if (tag == null) {
            return;
        }
        // If-Range compares strongly (RFC 9110 §13.1.5): a weak tag never matches, so no range of a
        // body that differs from the file.
        RawHttp.Response r = get(kind, "/page.html", "Range: bytes=0-9", "If-Range: " + tag);
        assertEquals(200, r.status(), r::toString);
        assertInjectedOnce(r, FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void staticFile_binaryAndText_untouchedWithTheirValidators(Kind kind) throws Exception {
        for (String file : List.of("data.bin", "note.txt")) {
            RawHttp.Response r = get(kind, "/" + file);
            assertArrayEquals(Files.readAllBytes(docroot().resolve(file)), r.body(), file);
            assertEquals(Integer.toString(r.body().length), r.header("Content-Length"));
            RawHttp.Response again = get(kind, "/" + file);
            assertEquals(again.header("ETag"), r.header("ETag"));
        }
    }

    // ---- encoding ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void contentEncoding_setByTheApplication_bytesUntouched(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page/gzipped");
        assertEquals("gzip", r.header("Content-Encoding"));
        assertArrayEquals(gzip(PAGE_BYTES), r.body());
        assertArrayEquals(PAGE_BYTES, r.decoded());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void containerCompression_decompressesToThePageWithTheWidget(Kind kind) throws Exception {
        for (String path : List.of("/page/writer", "/page.html")) {
            RawHttp.Response r = get(kind, path, "Accept-Encoding: gzip");
            assertEquals("gzip", r.header("Content-Encoding"), r::toString);
            RawHttp.Response plain = new RawHttp.Response(r.statusLine(), r.headers(), r.decoded(), r.chunked(), r.raw());
            assertInjectedOnce(plain, FRAGMENT, PAGE);
        }
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void forward_theForwardedPageInjectedOnce_neverBlank(Kind kind) throws Exception {
        for (String to : List.of("writer", "stream", "validators", "writer&via=context", "stream&via=context")) {
            RawHttp.Response r = get(kind, "/page/forward?to=" + to);
            assertEquals(200, r.status(), r::toString);
            assertInjectedOnce(r, FRAGMENT, PAGE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void include_partOfThePage_neverInjectedOnItsOwn(Kind kind) throws Exception {
        assertInjectedOnce(get(kind, "/page/include"), FRAGMENT, PAGE);
        assertUntouched(get(kind, "/raw/include"), PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void async_completedFromAnotherThread_injectedOnce(Kind kind) throws Exception {
        assertInjectedOnce(get(kind, "/page/async-complete?out=writer"), FRAGMENT, PAGE);
        assertInjectedOnce(get(kind, "/page/async-complete?out=stream"), FRAGMENT, PAGE);
        assertInjectedOnce(get(kind, "/page/async-complete?out=stream&start=args"), FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void async_dispatch_theDispatchedPageInjectedOnce(Kind kind) throws Exception {
        assertInjectedOnce(get(kind, "/page/async-dispatch?to=writer"), FRAGMENT, PAGE);
        assertInjectedOnce(get(kind, "/page/async-dispatch?to=stream"), FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void dispatch_filterMappedForRequestOnly_forwardedAndAsyncPagesStillWhole(Kind kind) throws Exception {
        App app = new App().filter(new HelplineFilter(CONFIG), DispatcherType.REQUEST);
        app.servlet("/page/start", servlet((req, res) -> {
            AsyncContext ctx = req.startAsync();
            ASYNC.submit(() -> ctx.dispatch("/page/html"));
        }));
        app.servlet("/page/html", servlet((req, res) -> {
            res.setContentType("text/html");
            res.getOutputStream().write(PAGE_BYTES);
        }));
        app.servlet("/page/forward", servlet((req, res) -> req.getRequestDispatcher("/page/html").forward(req, res)));
        try (Container c = kind.factory().get()) {
            int port = c.start(app);
            // Nobody meets these dispatches to finish the page: it must arrive whole, without the widget.
            for (String path : List.of("/page/start", "/page/forward")) {
                RawHttp.Response r = RawHttp.get(port, path);
                assertEquals(200, r.status());
                assertUntouched(r, PAGE);
            }
        }
    }

    // ---- selection ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void selection_nonHtmlAttachmentAndXhtml_untouched(Kind kind) throws Exception {
        for (String query : List.of("type=text/plain", "type=application/json", "type=text/css",
                "type=application/xhtml%2Bxml", "type=text/html&disposition=attachment;%20filename=page.html")) {
            RawHttp.Response r = get(kind, "/page/typed?" + query);
            assertUntouched(r, PAGE);
            assertEquals(Integer.toString(PAGE_BYTES.length), r.header("Content-Length"), query);
        }
        assertInjectedOnce(get(kind, "/page/typed?type=text/html&disposition=inline"), FRAGMENT, PAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void selection_optOutAttribute_untouchedWithItsLength(Kind kind) throws Exception {
        RawHttp.Response r = get(kind, "/page/opt-out");
        assertUntouched(r, PAGE);
        assertEquals(Integer.toString(PAGE_BYTES.length), r.header("Content-Length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void selection_pathGlobsAndKillSwitch(Kind kind) throws Exception {
        HelplineConfig globs = Matrix.config("helpline.paths.include", "/blog/**", "helpline.paths.exclude", "/blog/drafts/**");
        String fragment = Matrix.fragment(globs);
        try (Container c = kind.factory().get()) {
            int port = c.start(new App().filter(new HelplineFilter(globs)).servlet("/*", servlet((req, res) -> {
                res.setContentType("text/html");
                res.setContentLength(PAGE_BYTES.length);
                res.getOutputStream().write(PAGE_BYTES);
            })));
            assertInjectedOnce(RawHttp.get(port, "/blog/post"), fragment, PAGE);
            assertInjectedOnce(RawHttp.get(port, "/blog"), fragment, PAGE);
            assertUntouched(RawHttp.get(port, "/blog/drafts/x"), PAGE);
            assertUntouched(RawHttp.get(port, "/about"), PAGE);
        }
        try (Container c = kind.factory().get()) {
            int port = c.start(new App().filter(new HelplineFilter(Matrix.config("helpline.enabled", "false")))
                    .servlet("/*", servlet((req, res) -> {
                        res.setContentType("text/html");
                        res.setHeader("ETag", "\"v1\"");
                        res.setContentLength(PAGE_BYTES.length);
                        res.getOutputStream().write(PAGE_BYTES);
                    })));
            RawHttp.Response r = RawHttp.get(port, "/");
            assertUntouched(r, PAGE);
            assertEquals(Integer.toString(PAGE_BYTES.length), r.header("Content-Length"));
            assertEquals("\"v1\"", r.header("ETag"));
        }
    }

    // ---- registration ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void registration_servletContainerInitializer_registersTheFilter(Kind kind) throws Exception {
        App app = new App();
        app.initializer = new HelplineInitializer();
        app.servlet("/*", servlet((req, res) -> {
            res.setContentType("text/html");
            res.getWriter().write(PAGE);
        }));
        try (Container c = kind.factory().get()) {
            RawHttp.Response r = RawHttp.get(c.start(app), "/article");
            assertEquals(1, count(r.text(), MARK), r::toString);
            assertTrue(r.text().contains("(800) 601-3889"), r::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void registration_plainWebXmlExample_boots(Kind kind) throws Exception {
        Path webapp = Path.of("..", "examples", "web-xml", "webapp");
        assertTrue(Files.isRegularFile(webapp.resolve("WEB-INF/web.xml")), webapp.toAbsolutePath().toString());
        App app = new App();
        app.webapp = webapp;
        try (Container c = kind.factory().get()) {
            int port = c.start(app);
            RawHttp.Response r = RawHttp.get(port, "/index.html");
            assertEquals(200, r.status(), r::toString);
            assertEquals(1, count(r.text(), MARK), r::toString);
            assertTrue(r.text().contains("Example Recovery Network"), "the example's own helpline.properties was read\n" + r);
            RawHttp.Response notes = RawHttp.get(port, "/notes.txt");
            assertEquals(0, count(notes.text(), MARK));
        }
    }

    // ---- fail open ----------------------------------------------------------------------------------------

    /** The request attribute the fault cases name as the host's CSP nonce. */
    static final String NONCE = "test.csp-nonce";

    /**
     * The host's own code breaks inside the widget's path: a host filter in front of ours
     * wraps the request so that reading its CSP nonce attribute throws. The widget reads it
     * at the body start, with the head still held by the rewriter, which must deliver it.
     */
    static Filter withHostNonceFailing(HelplineFilter helpline) {
        return new Filter() {
            @Override
            public void init(FilterConfig config) throws ServletException {
                helpline.init(config);
            }

            @Override
            public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                    throws IOException, ServletException {
                helpline.doFilter(new HttpServletRequestWrapper((HttpServletRequest) req) {
                    @Override
                    public Object getAttribute(String name) {
                        if (NONCE.equals(name)) {
                            throw new IllegalStateException("host failure reading the nonce (expected by the test)");
                        }
                        return super.getAttribute(name);
                    }
                }, res, chain);
            }

            @Override
            public void destroy() {
                helpline.destroy();
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void failOpen_widgetThrowsMidStream_hostBytesIntactAndComplete(Kind kind) throws Exception {
        String page = PAGE.replace("<p>Text.</p>", "<p>Text.</p>".repeat(300));
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        HelplineConfig config = Matrix.config("helpline.paths.exclude", "/raw/**", "helpline.csp.nonce-attribute", NONCE);
        // The host's writes split the page at different offsets around the held head.
        for (int chunk : new int[] {1, 13, 500}) {
            App app = new App().filter(withHostNonceFailing(new HelplineFilter(config)));
            app.servlet("/stream", servlet((req, res) -> {
                res.setContentType("text/html");
                ServletOutputStream out = res.getOutputStream();
                for (int i = 0; i < bytes.length; i += chunk) {
                    out.write(bytes, i, Math.min(chunk, bytes.length - i));
                }
            }));
            app.servlet("/writer", servlet((req, res) -> {
                res.setContentType("text/html;charset=UTF-8");
                PrintWriter w = res.getWriter();
                for (int i = 0; i < page.length(); i += chunk) {
                    w.write(page, i, Math.min(chunk, page.length() - i));
                }
            }));
            try (Container c = kind.factory().get()) {
                int port = c.start(app);
                for (String path : List.of("/stream", "/writer")) {
                    RawHttp.Response r = RawHttp.get(port, path);
                    assertEquals(200, r.status());
                    assertTrue(count(r.text(), MARK) <= 1, r::toString);
                    assertEquals(0, count(r.text(), MARK), () -> "the widget broke before it went in\n" + r);
                    assertEquals(page, Matrix.withoutToken(r.text()).replace(FRAGMENT, ""),
                            () -> "chunk " + chunk + " " + path + "\n" + r);
                }
            }
        }
    }

    // ---- size -------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void size_50MbOctetStream_streamsWithBoundedHeap(Kind kind) throws Exception {
        assertStreamsWithBoundedHeap(kind, "application/octet-stream", 50, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void size_20MbHtmlPage_streamsWithBoundedHeap(Kind kind) throws Exception {
        assertStreamsWithBoundedHeap(kind, "text/html", 20, true);
    }

    static final long HEAP_BOUND = 8L << 20;

    static void assertStreamsWithBoundedHeap(Kind kind, String type, int mb, boolean html) throws Exception {
        int port = shared(kind);
        // Warm up: the container's first big response allocates buffers and pools it keeps.
        RawHttp.exchange(port, "GET", "/page/big?mb=1&type=" + type, (b, off, len) -> { });
        long[] bytes = {0};
        MarkCounter marks = new MarkCounter(MARK.getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response r = RawHttp.exchange(port, "GET", "/page/big?mb=" + mb + "&type=" + type, (b, off, len) -> {
            bytes[0] += len;
            marks.feed(b, off, len);
        });
        assertEquals(200, r.status());
        assertTrue(bytes[0] >= ((long) mb << 20), "the whole body arrived: " + bytes[0]);
        assertEquals(html ? 1 : 0, marks.count(), "widget count");
        long growth = HeapProbe.maxGrowth();
        System.out.println("heap: " + kind + " " + mb + " MB " + type + ": retained growth " + (growth >> 10) + " KB");
        assertTrue(growth < HEAP_BOUND, () -> "heap grew by " + (growth >> 10) + " KB while a " + mb
                + " MB body streamed; bound " + (HEAP_BOUND >> 10) + " KB");
    }

    /** Counts a byte pattern in a stream without keeping it. */
    static final class MarkCounter {
        private final byte[] mark;
        private int matched;
        private int count;

        MarkCounter(byte[] mark) {
            this.mark = mark;
        }

        void feed(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (b[i] == mark[matched]) {
                    if (++matched == mark.length) {
                        count++;
                        matched = 0;
                    }
                } else {
                    matched = b[i] == mark[0] ? 1 : 0;
                }
            }
        }

        int count() {
            return count;
        }
    }

    @Test
    void matrix_runsTheExpectedContainerVersions() {
        String expected = System.getProperty("matrix.tomcat");
        if (expected != null) {
            assertTrue(org.apache.catalina.util.ServerInfo.getServerNumber().startsWith(expected),
                    "expected Tomcat " + expected + " but found " + org.apache.catalina.util.ServerInfo.getServerNumber());
        }
        assertTrue(kinds().count() > 0);
    }
}
