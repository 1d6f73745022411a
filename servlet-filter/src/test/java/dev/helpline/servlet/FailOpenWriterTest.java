package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Writer path keeps what the byte path keeps: every way a host writes characters
 * ({@code write(String, off, len)} slices, {@code write(char[])}, {@code write(int)},
 * {@code append}) split at every offset, surrogate pairs included, gives the page one write
 * gives; a rewriter that breaks at any offset leaves the host's characters exactly; flushes
 * reach the container; once the rewriter passes text through, the host's strings go to the
 * container as they are.
 */
class FailOpenWriterTest {
    static final String FRAGMENT = "<aside>widget</aside>";
    /** A page whose body holds astral characters (surrogate pairs) and a lone high surrogate at the end of a line. */
    static final String PAGE = "<!doctype html><html lang=\"de\"><head><title>Hilfe \uD83D\uDE00</title></head>"
            + "<body><p>Gr\u00fc\u00dfe \uD83D\uDC4B aus \uD834\uDD1E und \u20ac</p>\n<p>Ende \uD83C\uDF89</p></body></html>\n";

    static final PageRewriter REAL = PageRewriter.of(new HtmlRewriter());
    /** How many chars of a host's String the rewriter reads at a time. */
    static final int SLICE = 256;

    static String oneWrite(PageRewriter rewriter, String page) throws IOException {
        StringWriter w = new StringWriter();
        FailOpenWriter f = new FailOpenWriter(w, rewriter, PageWidget.bodyStartOnly(FRAGMENT));
        f.write(page);
        f.finish();
        return w.toString();
    }

    /** Every way of writing the page in two parts split at {@code k}. */
    enum Way {
        STRING_SLICES {
            @Override
            void write(Writer w, String page, int k) throws IOException {
                w.write(page, 0, k);
                w.write(page, k, page.length() - k);
            }
        },
        CHAR_SLICES {
            @Override
            void write(Writer w, String page, int k) throws IOException {
                char[] c = ("xx" + page + "yy").toCharArray();
                w.write(c, 2, k);
                w.write(c, 2 + k, page.length() - k);
            }
        },
        APPEND {
            @Override
            void write(Writer w, String page, int k) throws IOException {
                w.append(new StringBuilder(page), 0, k).append(page.subSequence(k, page.length()));
            }
        },
        INT_THEN_STRING {
            @Override
            void write(Writer w, String page, int k) throws IOException {
                for (int i = 0; i < k; i++) {
                    w.write(page.charAt(i));
                }
                w.write(page.substring(k));
            }
        },
        APPEND_CHAR_THEN_CHARS {
            @Override
            void write(Writer w, String page, int k) throws IOException {
                for (int i = 0; i < k; i++) {
                    w.append(page.charAt(i));
                }
                w.write(page.substring(k).toCharArray());
            }
        };

        abstract void write(Writer w, String page, int k) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"STRING_SLICES", "CHAR_SLICES", "APPEND", "INT_THEN_STRING", "APPEND_CHAR_THEN_CHARS"})
    void write_splitAtEveryOffset_sameAsOneWrite(Way way) throws IOException {
        String expected = oneWrite(REAL, PAGE);
        assertTrue(expected.contains(FRAGMENT), expected);
        for (int k = 0; k <= PAGE.length(); k++) {
            StringWriter w = new StringWriter();
            FailOpenWriter f = new FailOpenWriter(w, REAL, PageWidget.bodyStartOnly(FRAGMENT));
            way.write(f, PAGE, k);
            f.finish();
            assertEquals(expected, w.toString(), "split at " + k
                    + (Character.isHighSurrogate(PAGE.charAt(Math.max(0, k - 1))) ? " (inside a surrogate pair)" : ""));
        }
    }

    @Test
    void write_everyCharAlone_sameAsOneWrite() throws IOException {
        StringWriter w = new StringWriter();
        FailOpenWriter f = new FailOpenWriter(w, REAL, PageWidget.bodyStartOnly(FRAGMENT));
        for (int i = 0; i < PAGE.length(); i++) {
            f.write(PAGE.charAt(i));
        }
        f.finish();
        assertEquals(oneWrite(REAL, PAGE), w.toString());
    }

    @Test
    void write_largeStringAroundTheSliceSize_sameAsOneWrite() throws IOException {
        String body = "<p>" + "Sorgen? Wir h\u00f6ren zu \uD83D\uDC42. ".repeat(400) + "</p>";
        String page = PAGE.replace("<p>Ende", body + "<p>Ende");
        String expected = oneWrite(REAL, page);
        for (int k : new int[] {1, SLICE - 1, SLICE, SLICE + 1, 3 * SLICE}) {
            StringWriter w = new StringWriter();
            FailOpenWriter f = new FailOpenWriter(w, REAL, PageWidget.bodyStartOnly(FRAGMENT));
            String padded = "0123" + page + "4567";
            f.write(padded, 4, k);
            f.write(padded, 4 + k, page.length() - k);
            f.finish();
            assertEquals(expected, w.toString(), "split at " + k);
        }
    }

    /**
     * A char rewriter that holds the last {@code window} chars, writes the fragment once
     * {@code injectAt} host chars went out, throws on the char at {@code failAt}, and (when
     * {@code tells}) says how many host chars it wrote and that it passes through once it has
     * seen {@code passAt} chars.
     */
    static final class Holding implements PageRewriter {
        final int window;
        final long injectAt;
        final long failAt;
        final boolean tells;
        final long passAt;

        Holding(int window, long injectAt, long failAt, boolean tells, long passAt) {
            this.window = window;
            this.injectAt = injectAt;
            this.failAt = failAt;
            this.tells = tells;
            this.passAt = passAt;
        }

        @Override
        public ByteSink bytes(OutputStream out, Charset charset, String fragment) {
            throw new UnsupportedOperationException("chars only");
        }

        @Override
        public CharSink chars(Writer out, String fragment) {
            return new CharSink() {
                final StringBuilder held = new StringBuilder();
                long seen;
                long emitted;
                boolean injected;

                @Override
                public void write(char[] c, int off, int len) throws IOException {
                    for (int i = 0; i < len; i++) {
                        if (seen == failAt) {
                            throw new IllegalStateException("broken at " + failAt);
                        }
                        seen++;
                        held.append(c[off + i]);
                        int keep = seen >= passAt ? 0 : window;
                        while (held.length() > keep) {
                            emit();
                        }
                    }
                }

                private void emit() throws IOException {
                    if (!injected && emitted == injectAt) {
                        out.write(fragment);
                        injected = true;
                    }
                    out.write(held.charAt(0));
                    held.deleteCharAt(0);
                    emitted++;
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() throws IOException {
                    finish();
                }

                @Override
                void finish() throws IOException {
                    while (held.length() > 0) {
                        emit();
                    }
                }

                @Override
                boolean injected() {
                    return injected;
                }

                @Override
                long hostCharsWritten() {
                    return tells ? emitted : -1;
                }

                @Override
                boolean passingThrough() {
                    return tells && seen >= passAt && held.length() == 0;
                }
            };
        }
    }

    @ParameterizedTest(name = "window {0}, inject at {1}, rewriter tells what it holds: {2}, passes at {3}")
    @CsvSource({
            "0, 0, true, 1000000",
            "16, 5, true, 1000000",
            "16, 5, false, 1000000",
            "40, 100, true, 60",
            "40, 0, false, 60",
    })
    void write_rewriterBreaksAtEveryOffset_everySplit_hostCharsExact(int window, long injectAt, boolean tells, long passAt)
            throws IOException {
        for (int failAt = 0; failAt <= PAGE.length(); failAt++) {
            for (int k = 0; k <= PAGE.length(); k += 3) {
                for (Way way : Way.values()) {
                    StringWriter w = new StringWriter();
                    FailOpenWriter f = new FailOpenWriter(w, new Holding(window, injectAt, failAt, tells, passAt), FRAGMENT);
                    way.write(f, PAGE, k);
                    f.finish();
                    assertEquals(PAGE, w.toString().replace(FRAGMENT, ""),
                            way + ", fail at " + failAt + ", split at " + k);
                }
            }
        }
    }

    @Test
    void write_rewriterBreaksAfterMoreThanOneTail_hostCharsExact() throws IOException {
        String text = "abc\uD83D\uDE00defg".repeat(10_000);
        for (boolean tells : new boolean[] {true, false}) {
            for (long failAt : new long[] {FailOpenWriter.TAIL - 1, FailOpenWriter.TAIL + 7, 90_001}) {
                StringWriter w = new StringWriter();
                FailOpenWriter f = new FailOpenWriter(w, new Holding(1000, 3, failAt, tells, Long.MAX_VALUE), FRAGMENT);
                for (int i = 0; i < text.length(); i += 777) {
                    f.write(text, i, Math.min(777, text.length() - i));
                }
                f.finish();
                assertEquals(text, w.toString().replace(FRAGMENT, ""), "tells " + tells + ", fail at " + failAt);
            }
        }
    }

    /** Records what the container was given, and how. */
    static final class Recording extends Writer {
        final StringBuilder text = new StringBuilder();
        final List<String> strings = new ArrayList<>();
        int flushes;

        @Override
        public void write(char[] c, int off, int len) {
            text.append(c, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            strings.add(s);
            text.append(s, off, off + len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void write_rewriterPassingThrough_hostStringsReachTheContainerAsThemselves() throws IOException {
        Recording container = new Recording();
        FailOpenWriter f = new FailOpenWriter(container, REAL, PageWidget.bodyStartOnly(FRAGMENT));
        f.write(PAGE.substring(0, PAGE.indexOf("<p>")));
        f.write(PAGE.substring(PAGE.indexOf("<p>")));
        assertTrue(f.direct(), "a page with only the body start to add is passed through after <body>");
        String more = "<!-- and more -->".repeat(100);
        f.write(more);
        f.finish();
        assertSame(more, container.strings.get(container.strings.size() - 1));
        assertEquals(oneWrite(REAL, PAGE + more), container.text.toString());
    }

    @Test
    void write_rewriterThatCannotTell_neverPassesDirectly() throws IOException {
        Recording container = new Recording();
        FailOpenWriter f = new FailOpenWriter(container, new Holding(4, 0, Long.MAX_VALUE, false, 0), FRAGMENT);
        f.write(PAGE);
        assertFalse(f.direct());
        f.finish();
        assertEquals(FRAGMENT + PAGE, container.text.toString());
    }

    @Test
    void flush_reachesTheContainerAndSendsWhatTheRewriterNeedNotHold() throws IOException {
        Recording container = new Recording();
        FailOpenWriter f = new FailOpenWriter(container, REAL, PageWidget.bodyStartOnly(FRAGMENT));
        String head = PAGE.substring(0, PAGE.indexOf("<p>"));
        f.write(head);
        f.flush();
        int flushes = container.flushes;
        assertTrue(flushes >= 1, "the host's flush reaches the container");
        assertTrue(container.text.toString().contains(FRAGMENT), "after a flush past <body> the widget is out: " + container.text);
        assertEquals(head, container.text.toString().replace(FRAGMENT, ""));
        f.write(PAGE.substring(head.length()));
        f.flush();
        assertTrue(container.flushes > flushes, "every flush of the host's reaches the container");
        flushes = container.flushes;
        f.finish();
        assertEquals(oneWrite(REAL, PAGE), container.text.toString());
        f.flush();
        assertTrue(container.flushes > flushes, "flushing after the page still flushes the container");
    }

    /**
     * One host flush, one container flush. The rewriter flushes its target (the container)
     * itself; the writer flushed the container again after it, so every host flush reached
     * the container twice (a second empty chunk for nothing on containers that send one).
     */
    @Test
    void flush_whileRewritingAndAfterPassingThrough_flushesTheContainerOnce() throws IOException {
        Recording container = new Recording();
        FailOpenWriter f = new FailOpenWriter(container, REAL, PageWidget.bodyStartOnly(FRAGMENT));
        f.write(PAGE, 0, 20);
        f.flush();
        assertEquals(1, container.flushes, "while the head is read");
        f.write(PAGE, 20, PAGE.indexOf("<p>") - 20);
        f.flush();
        assertEquals(2, container.flushes, "after the body start");
        f.write(PAGE.substring(PAGE.indexOf("<p>")));
        assertTrue(f.direct());
        f.flush();
        assertEquals(3, container.flushes, "passing through");
        f.flush();
        assertEquals(4, container.flushes, "a flush with nothing written since still reaches the container");
        f.finish();
        assertEquals(oneWrite(REAL, PAGE), container.text.toString());
    }

    /** The byte side's twin of the test above. */
    @Test
    void flush_byteStream_flushesTheContainerOncePerHostFlush() throws IOException {
        int[] flushes = {0};
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        java.io.OutputStream container = new java.io.FilterOutputStream(sent) {
            @Override
            public void write(byte[] b, int off, int len) {
                sent.write(b, off, len);
            }

            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        byte[] page = PAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FailOpenOutputStream f = new FailOpenOutputStream(container, PageRewriter.of(new HtmlRewriter()),
                java.nio.charset.StandardCharsets.UTF_8, FRAGMENT);
        f.write(page, 0, 20);
        f.flush();
        assertEquals(1, flushes[0]);
        f.write(page, 20, page.length - 20);
        f.flush();
        assertEquals(2, flushes[0]);
        f.flush();
        assertEquals(3, flushes[0]);
        f.finish();
        assertTrue(sent.toString(java.nio.charset.StandardCharsets.UTF_8).contains(FRAGMENT + "<p>"));
    }

    @Test
    void flush_afterTheRewriterBroke_stillReachesTheContainer() throws IOException {
        Recording container = new Recording();
        FailOpenWriter f = new FailOpenWriter(container, new Holding(8, 0, 10, true, Long.MAX_VALUE), FRAGMENT);
        f.write(PAGE, 0, 30);
        f.flush();
        f.write(PAGE, 30, PAGE.length() - 30);
        f.flush();
        assertEquals(2, container.flushes);
        assertEquals(PAGE, container.text.toString().replace(FRAGMENT, ""));
    }

    /** Counts and drops chars: the container itself allocates nothing. */
    static final class Discard extends Writer {
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

    /** Bytes the current thread allocates per response written as {@code pieces} through the filter's writer. */
    static long allocatedPerResponse(String[] pieces) throws IOException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        PageWidget banner = PageWidget.bodyStartOnly(FRAGMENT);
        Discard container = new Discard();
        long before = 0;
        int runs = 40;
        for (int i = 0; i < 50 + runs; i++) {
            if (i == 50) {
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            FailOpenWriter f = new FailOpenWriter(container, REAL, banner);
            for (String piece : pieces) {
                f.write(piece);
            }
            f.finish();
        }
        long after = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertTrue(container.chars > 90L * PAGE.length(), "the pages went through");
        return (after - before) / runs;
    }

    /**
     * Bytes, not time: a banner-only page of 100 K chars through the filter's writer costs at most 2 KB:
     * the rewriter's char-side budget (see core's AllocationBudgetTest) plus a few small
     * objects and a ring for what the rewriter holds, in one write or in 50-char prints. The
     * writer before its rework allocated a 32 K-char tail per response and a copy of every
     * string (about 272 KB and 313 KB here).
     */
    @Test
    void write_bannerPage_allocatesWithinTheBudgetPerResponse() throws IOException {
        StringBuilder sb = new StringBuilder(PAGE.substring(0, PAGE.indexOf("<p>")));
        for (int i = 0; sb.length() < 100 * 1024; i++) {
            sb.append("<p>Detox is often <a href=\"/detox\">the first step</a>; call (800) 601-3889. Paragraph ")
              .append(i).append(".</p>\n");
        }
        String page = sb.append("</body></html>").toString();
        String[] prints = new String[(page.length() + 49) / 50];
        for (int i = 0; i < prints.length; i++) {
            prints[i] = page.substring(i * 50, Math.min(page.length(), (i + 1) * 50));
        }
        long one = allocatedPerResponse(new String[] {page});
        long many = allocatedPerResponse(prints);
        assertTrue(one <= 2048 && many <= 2048, "B per response, one write: " + one + ", 50-char prints: " + many);
    }
}
