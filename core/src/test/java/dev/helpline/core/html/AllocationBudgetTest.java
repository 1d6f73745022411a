package dev.helpline.core.html;

import dev.helpline.core.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the rewriter allocates per response: at most 1 KB plus its 256-byte window, the same
 * for every page size and however many numbers it links. Bytes, not time: the JVM counts a
 * thread's allocations exactly (JMH's {@code -prof gc} reads the same counter), so this
 * holds on any machine, and a field or buffer added per response, or an allocation per tag
 * or per link, fails it.
 */
class AllocationBudgetTest {
    private static final long BUDGET = 1024 + 256;
    private static final int WRITE = 8192;

    private static final PhoneNumber HELPLINE = PhoneNumber.parse("(800) 601-3889");
    private static final Set<PhoneNumber> NUMBERS = Set.of(HELPLINE);

    /** Fixed strings, as a renderer that keeps its fragments per page would hand them out. */
    private static final PageWidget FULL = new PageWidget() {
        @Override
        public String bodyStart(String htmlLang) {
            return "<aside data-helpline=\"banner\"><a href=\"tel:+18006013889\">Call Now: (800) 601-3889</a></aside>";
        }

        @Override
        public String ctaBox(String htmlLang) {
            return "<div data-helpline=\"cta\"><p>I need to talk to someone now</p></div>";
        }

        @Override
        public Set<PhoneNumber> inlineNumbers() {
            return NUMBERS;
        }

        @Override
        public String numberOpen(PhoneNumber number, String htmlLang) {
            return "<a data-helpline=\"tel\" href=\"tel:+18006013889\">";
        }

        @Override
        public String numberClose(PhoneNumber number, String htmlLang) {
            return "</a><span data-helpline=\"who\"> (<a href=\"#helpline-disclosure\">Who Answers?</a>)</span>";
        }
    };

    /** Counts and drops: the sink itself allocates nothing. */
    private static final class Discard extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    /**
     * An article of about {@code size} bytes: a head with a {@code <noscript>} (which makes
     * the rewriter follow both scripting modes), then paragraphs that each hold the
     * helpline's number, a link, a character reference and, if asked, another number (which
     * the audit reports).
     */
    static byte[] article(int size, boolean otherNumber) {
        StringBuilder sb = new StringBuilder(size + 1024);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Help &amp; hope</title>")
          .append("<style>p{margin:0}</style><script>var a = '<body>';</script>")
          .append("<noscript><img src=\"/px?id=1&amp;ev=view\" alt=\"\"></noscript></head>")
          .append("<body><header><nav><a href=\"/\">Home</a></nav></header><article><h1>Finding help</h1>");
        for (int i = 1; sb.length() < size - 64; i++) {
            sb.append("<p>Detox is often <a href=\"/detox\">the first step</a>; ask about <em>fees</em> &amp; ")
              .append("insurance. Call (800) 601-3889").append(otherNumber ? " or the clinic at 212-555-0147" : "")
              .append(". Paragraph ").append(i).append(".</p>\n");
        }
        return sb.append("</article><footer><p>&copy; 2026</p></footer></body></html>")
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long rewrite(HtmlRewriter rewriter, PageWidget widget, byte[] page, Discard sink) throws IOException {
        HtmlRewriter.RewritingOutputStream out = rewriter.rewrite(sink, StandardCharsets.UTF_8, widget);
        for (int i = 0; i < page.length; i += WRITE) {
            out.write(page, i, Math.min(WRITE, page.length - i));
        }
        out.finish();
        return sink.bytes;
    }

    /** Bytes allocated per response, after enough responses that no class is still being loaded or linked. */
    private static long perResponse(HtmlRewriter rewriter, PageWidget widget, byte[] page) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Discard sink = new Discard();
        for (int i = 0; i < 50; i++) {
            rewrite(rewriter, widget, page, sink);
        }
        int runs = 40;
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < runs; i++) {
            rewrite(rewriter, widget, page, sink);
        }
        long after = threads.getThreadAllocatedBytes(self);
        assertTrue(sink.bytes > (long) page.length * 90, "the pages went through");
        return (after - before) / runs;
    }

    @Test
    void fullPathStaysWithinTheBudgetAtEveryPageSize() throws IOException {
        HtmlRewriter rewriter = new HtmlRewriter(new HtmlRewriter.Options(3));
        byte[] large = article(1024 * 1024, false);
        String page = once(rewriter, large);
        int paragraphs = count(page, "Paragraph ");
        assertTrue(paragraphs > 3000, "paragraphs: " + paragraphs);
        assertEquals(paragraphs, count(page, "data-helpline=\"who\""), "the helpline's number linked in every paragraph");
        assertEquals(1, count(page, "data-helpline=\"cta\""), "the box");

        long atSmall = perResponse(rewriter, FULL, article(10 * 1024, false));
        long atLarge = perResponse(rewriter, FULL, large);
        assertTrue(atSmall <= BUDGET, "10 KB page: " + atSmall + " B per response");
        assertTrue(atLarge <= BUDGET, "1 MB page: " + atLarge + " B per response");
        assertEquals(atSmall, atLarge, 16, "the same at 10 KB and 1 MB (nothing per tag or per link)");
    }

    /**
     * Another number in every paragraph: the audit keeps a list of the numbers it reported
     * on the page (128 bytes for the first few) and nothing per occurrence; libphonenumber is
     * asked once per rewriter, not once per page (that cost about 10 KB a page).
     */
    @Test
    void auditedNumbersCostNothingPerOccurrence() throws IOException {
        HtmlRewriter rewriter = new HtmlRewriter(new HtmlRewriter.Options(3));
        long atSmall = perResponse(rewriter, FULL, article(10 * 1024, true));
        long atLarge = perResponse(rewriter, FULL, article(1024 * 1024, true));
        assertTrue(atSmall <= BUDGET + 128, "10 KB page: " + atSmall + " B per response");
        assertEquals(atSmall, atLarge, 16, "the same at 10 KB and 1 MB (nothing per number found)");
    }

    private static String once(HtmlRewriter rewriter, byte[] page) throws IOException {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream out = rewriter.rewrite(sink, StandardCharsets.UTF_8, FULL);
        out.write(page);
        out.finish();
        return sink.toString(StandardCharsets.UTF_8);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void bodyStartOnlyStaysWithinTheBudget() throws IOException {
        HtmlRewriter rewriter = new HtmlRewriter();
        PageWidget banner = PageWidget.bodyStartOnly("<aside data-helpline=\"banner\">Call Now</aside>");
        long allocated = perResponse(rewriter, banner, article(100 * 1024, false));
        assertTrue(allocated <= BUDGET, allocated + " B per response");
    }

    /** Counts and drops chars: the sink itself allocates nothing. */
    private static final class DiscardChars extends java.io.Writer {
        long chars;

        @Override
        public void write(int c) {
            chars++;
        }

        @Override
        public void write(char[] c, int off, int len) {
            chars += len;
        }

        @Override
        public void write(String s, int off, int len) {
            chars += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Writes the page's pieces as a template engine would: each piece a {@code String}. */
    private static long rewrite(HtmlRewriter rewriter, PageWidget widget, String[] pieces, DiscardChars sink) throws IOException {
        HtmlRewriter.RewritingWriter out = rewriter.rewrite(sink, widget);
        for (String piece : pieces) {
            out.write(piece);
        }
        out.finish();
        return sink.chars;
    }

    /** As {@link #perResponse(HtmlRewriter, PageWidget, byte[])}, on the char side. */
    static long perResponse(HtmlRewriter rewriter, PageWidget widget, String[] pieces) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        DiscardChars sink = new DiscardChars();
        for (int i = 0; i < 50; i++) {
            rewrite(rewriter, widget, pieces, sink);
        }
        // The least of four batches: what every response allocates, without a one-off of the
        // JVM's (a recompilation during a long 1 MB batch showed as 35 B more per response).
        long least = Long.MAX_VALUE;
        int runs = 10;
        for (int batch = 0; batch < 4; batch++) {
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < runs; i++) {
                rewrite(rewriter, widget, pieces, sink);
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(self) - before);
        }
        long length = 0;
        for (String piece : pieces) {
            length += piece.length();
        }
        assertTrue(sink.chars > length * 90, "the pages went through");
        return least / runs;
    }

    /** The page as one {@code String}, or in pieces of {@code size} chars (a template's many small prints). */
    static String[] pieces(byte[] page, int size) {
        String text = new String(page, StandardCharsets.UTF_8);
        if (size <= 0) {
            return new String[] {text};
        }
        String[] pieces = new String[(text.length() + size - 1) / size];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = text.substring(i * size, Math.min(text.length(), (i + 1) * size));
        }
        return pieces;
    }

    /**
     * The Writer path (JSP, template engines, {@code getWriter()}): the host's {@code String}s,
     * one large or many small, cost the rewriter no copy of its own: at most the budget plus
     * its wider window (256 chars where the byte side keeps 256 bytes) and one 256-char slice
     * for strings it reads; nothing that grows with the page or with the number of writes.
     */
    @Test
    void writerPathStaysWithinTheBudgetForOneLargeAndManySmallStrings() throws IOException {
        HtmlRewriter full = new HtmlRewriter(new HtmlRewriter.Options(3));
        HtmlRewriter banner = new HtmlRewriter();
        PageWidget bannerOnly = PageWidget.bodyStartOnly("<aside data-helpline=\"banner\">Call Now</aside>");
        byte[] page = article(100 * 1024, false);
        long[] got = {
                perResponse(banner, bannerOnly, pieces(page, 0)),
                perResponse(banner, bannerOnly, pieces(page, 50)),
                perResponse(full, FULL, pieces(page, 0)),
                perResponse(full, FULL, pieces(page, 50)),
                perResponse(full, FULL, pieces(article(1024 * 1024, false), 50)),
        };
        String all = java.util.Arrays.toString(got);
        for (long allocated : got) {
            assertTrue(allocated <= WRITER_BUDGET, "B per response (banner one/50-char, full one/50-char, full 1 MB): " + all);
        }
        assertEquals(got[3], got[4], 16, "the same at 100 KB and 1 MB: " + all);
    }

    private static final long WRITER_BUDGET = BUDGET + 256 + 528;

    /**
     * The Writer path costs no more per response than the byte path for the same page, banner
     * only and everything on, as one {@code String} and in 50-char prints: the writer scans
     * the same bytes (its chars narrowed a slice at a time) and borrows its slice and its
     * held chars from the rewriter for the page.
     */
    @Test
    void writerPathAllocatesNoMoreThanTheBytePath() throws IOException {
        HtmlRewriter full = new HtmlRewriter(new HtmlRewriter.Options(3));
        HtmlRewriter banner = new HtmlRewriter();
        PageWidget bannerOnly = PageWidget.bodyStartOnly("<aside data-helpline=\"banner\">Call Now</aside>");
        byte[] page = article(100 * 1024, false);
        long bannerBytes = perResponse(banner, bannerOnly, page);
        long fullBytes = perResponse(full, FULL, page);
        long[][] got = {
                {bannerBytes, perResponse(banner, bannerOnly, pieces(page, 0)), perResponse(banner, bannerOnly, pieces(page, 50))},
                {fullBytes, perResponse(full, FULL, pieces(page, 0)), perResponse(full, FULL, pieces(page, 50))},
        };
        String all = "B per response (bytes, one String, 50-char prints), banner only and everything on: "
                + java.util.Arrays.deepToString(got);
        for (long[] row : got) {
            assertTrue(row[1] <= row[0] && row[2] <= row[0], all);
        }
        // A host that stops calling the rewriter once it passes through (a filter writing
        // straight to the container) never finishes it: the page's buffers go back anyway.
        String text = new String(page, StandardCharsets.UTF_8);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        DiscardChars sink = new DiscardChars();
        long least = Long.MAX_VALUE;
        for (int batch = 0; batch < 6; batch++) {
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < 10; i++) {
                banner.rewrite(sink, bannerOnly).write(text);
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(self) - before);
        }
        assertTrue(least / 10 <= bannerBytes, "never finished, one String: " + least / 10 + " B per response; " + all);
    }

    /**
     * The real renderer, with what differs per response in production: a CSP nonce and a
     * freshly signed form token. The widget's 4.5 KB of markup is rendered once per
     * configuration, language and profile, and its bytes kept; a response adds its token
     * (the HMAC and the string) and the few objects that carry it and the nonce, not the
     * fragment again. Before, the fragment was assembled per response (about 10 KB) and its
     * bytes encoded again (4.5 KB), and the token's Mac was set up per response: 17.6 KB on
     * the byte path in JMH against 1 KB for a fixed fragment. On the byte path and both
     * Writer shapes, banner only and everything on.
     */
    @Test
    void renderedWidgetWithNonceAndToken_costsOnlyTheTokenOverAFixedFragment() throws IOException {
        dev.helpline.core.callback.FormToken tokens = new dev.helpline.core.callback.FormToken(
                new byte[32], java.time.Duration.ofHours(2), java.time.Duration.ofSeconds(2));
        byte[] page = article(100 * 1024, false);
        StringBuilder report = new StringBuilder();
        for (boolean full : new boolean[] {false, true}) {
            java.util.Map<String, String> props = new java.util.HashMap<>(java.util.Map.of(
                    "helpline.phone", HELPLINE.display(), "helpline.operator.name", "Example Recovery Line"));
            if (!full) {
                props.put("helpline.inline.enabled", "false");
                props.put("helpline.cta.enabled", "false");
            }
            dev.helpline.core.render.Widgets widgets = dev.helpline.core.render.Widgets.of(
                    dev.helpline.core.config.HelplineConfig.fromProperties(props), "");
            String[] nonces = {"bm9uY2UtMQ", "bm9uY2UtMg", "bm9uY2UtMw", "bm9uY2UtNA"};
            int[] served = {0};
            PageWidget rendered = widgets.forResponse("/guides/article", "en-US,en;q=0.9",
                    lang -> new dev.helpline.core.render.RenderContext(nonces[served[0]++ & 3],
                            tokens.issue(java.time.Instant.now(), "\nen\n0123456789abcdef0123456789abcdef"),
                            dev.helpline.core.render.FormState.NONE));
            String fixedText = rendered.bodyStart("en");
            PageWidget fixed = full ? new PageWidget() {
                @Override
                public String bodyStart(String htmlLang) {
                    return fixedText;
                }

                @Override
                public String ctaBox(String htmlLang) {
                    return rendered.ctaBox(htmlLang);
                }

                @Override
                public Set<PhoneNumber> inlineNumbers() {
                    return rendered.inlineNumbers();
                }

                @Override
                public String numberOpen(PhoneNumber number, String htmlLang) {
                    return rendered.numberOpen(number, htmlLang);
                }

                @Override
                public String numberClose(PhoneNumber number, String htmlLang) {
                    return rendered.numberClose(number, htmlLang);
                }
            } : PageWidget.bodyStartOnly(fixedText);
            HtmlRewriter rewriter = full ? new HtmlRewriter(new HtmlRewriter.Options(3)) : new HtmlRewriter();
            java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
            HtmlRewriter.RewritingOutputStream out = rewriter.rewrite(one, StandardCharsets.UTF_8, rendered);
            out.write(page);
            out.finish();
            String written = one.toString(StandardCharsets.UTF_8);
            assertTrue(written.contains(" nonce=\"bm9uY2Ut") && written.contains("name=\"token\" value=\"2."), "nonce and token in the page");
            assertEquals(full ? count(written, "Paragraph ") : 0, count(written, "data-helpline=\"who\""), "numbers linked when on");
            long[] extra = {
                    perResponse(rewriter, rendered, page) - perResponse(rewriter, fixed, page),
                    perResponse(rewriter, rendered, pieces(page, 0)) - perResponse(rewriter, fixed, pieces(page, 0)),
                    perResponse(rewriter, rendered, pieces(page, 50)) - perResponse(rewriter, fixed, pieces(page, 50)),
            };
            report.append(full ? " everything on " : "banner only ").append(java.util.Arrays.toString(extra));
            for (long e : extra) {
                assertTrue(e <= TOKEN_BUDGET, "B per response over a fixed fragment (bytes, one String, 50-char prints): " + report);
            }
        }
    }

    /** The token (its HMAC, random part and string), the fragment's holder and values, the render context: 0.9 to 1 KB measured. */
    private static final long TOKEN_BUDGET = 1152;
}
