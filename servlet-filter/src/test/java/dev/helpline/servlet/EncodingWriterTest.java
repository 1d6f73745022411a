package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Writer path keeps what the byte path keeps, now that it is the byte path: every way a
 * host writes characters ({@code write(String, off, len)} slices, {@code write(char[])},
 * {@code write(int)}, {@code append}) split at every offset, surrogate pairs included, gives
 * the page one write gives; a widget that breaks wherever the rewriter asks it leaves the
 * host's characters exactly (as bytes in the response's charset); flushes reach the container once
 * each; the container is given a few large writes, whatever the host's prints.
 */
class EncodingWriterTest {
    static final String FRAGMENT = "<aside>widget</aside>";
    /** A page whose body holds astral characters (surrogate pairs) and a lone high surrogate at the end of a line. */
    static final String PAGE = "<!doctype html><html lang=\"de\"><head><title>Hilfe \uD83D\uDE00</title></head>"
            + "<body><p>Gr\u00fc\u00dfe \uD83D\uDC4B aus \uD834\uDD1E und \u20ac</p>\n<p>Ende \uD83C\uDF89</p></body></html>\n";

    /** As the filter keeps one for all its pages. */
    static final HtmlRewriter REWRITER = new HtmlRewriter();
    /** How many chars of a host's String the writer encodes at a time. */
    static final int SLICE = EncodingWriter.CHUNK;
    static final Charset UTF_8 = StandardCharsets.UTF_8;
    /** As the filter keeps one: responses borrow the encoder's buffers in turn. */
    static final EncodingWriter.Pool ENCODERS = new EncodingWriter.Pool();

    /** The filter's Writer path for one response: the encoder in front of the rewriter's byte stream (which fails open by itself). */
    static final class Path {
        final HtmlRewriter.RewritingOutputStream bytes;
        final EncodingWriter writer;

        Path(OutputStream container, PageWidget widget, Charset charset, HtmlRewriter rewriter) {
            bytes = rewriter.rewrite(container, charset, widget);
            writer = new EncodingWriter(bytes, charset, ENCODERS);
        }

        Path(OutputStream container, PageWidget widget, Charset charset) {
            this(container, widget, charset, REWRITER);
        }

        Path(OutputStream container, PageWidget widget) {
            this(container, widget, UTF_8);
        }

        Path(OutputStream container, String fragment) {
            this(container, PageWidget.bodyStartOnly(fragment));
        }

        /** As the filter ends a page. */
        void finish() throws IOException {
            writer.finish();
            bytes.finish();
            writer.release();
        }
    }

    static String oneWrite(String page) throws IOException {
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        Path f = new Path(w, FRAGMENT);
        f.writer.write(page);
        f.finish();
        return w.toString(UTF_8);
    }

    /** The bytes as Latin-1 chars, so that a fragment inside a multi-byte sequence still compares. */
    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
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
        String expected = oneWrite(PAGE);
        assertTrue(expected.contains(FRAGMENT), expected);
        for (int k = 0; k <= PAGE.length(); k++) {
            ByteArrayOutputStream w = new ByteArrayOutputStream();
            Path f = new Path(w, FRAGMENT);
            way.write(f.writer, PAGE, k);
            f.finish();
            assertEquals(expected, w.toString(UTF_8), "split at " + k
                    + (Character.isHighSurrogate(PAGE.charAt(Math.max(0, k - 1))) ? " (inside a surrogate pair)" : ""));
        }
    }

    @Test
    void write_everyCharAlone_sameAsOneWrite() throws IOException {
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        Path f = new Path(w, FRAGMENT);
        for (int i = 0; i < PAGE.length(); i++) {
            f.writer.write(PAGE.charAt(i));
        }
        f.finish();
        assertEquals(oneWrite(PAGE), w.toString(UTF_8));
    }

    @Test
    void write_largeStringAroundTheSliceSize_sameAsOneWrite() throws IOException {
        String body = "<p>" + "Sorgen? Wir h\u00f6ren zu \uD83D\uDC42. ".repeat(400) + "</p>";
        String page = PAGE.replace("<p>Ende", body + "<p>Ende");
        String expected = oneWrite(page);
        for (int k : new int[] {1, SLICE - 1, SLICE, SLICE + 1, 3 * SLICE}) {
            ByteArrayOutputStream w = new ByteArrayOutputStream();
            Path f = new Path(w, FRAGMENT);
            String padded = "0123" + page + "4567";
            f.writer.write(padded, 4, k);
            f.writer.write(padded, 4 + k, page.length() - k);
            f.finish();
            assertEquals(expected, w.toString(UTF_8), "split at " + k);
        }
    }

    /**
     * {@link #PAGE} with the helpline's number twice in its body, so that the widget is asked
     * at the body start and at each number (non-ASCII around them, a surrogate pair inside
     * the second link).
     */
    static final String NUMBERS_PAGE = PAGE.replace("<p>Ende", "<p>Ruf 800-601-3889 an \u20ac</p>\n"
            + "<p>Nacht: (800) 601-3889 \uD83C\uDF19</p>\n<p>Ende");

    /** Where and how the widget breaks on {@link #NUMBERS_PAGE}: every point it reaches there, with an exception and an error. */
    static java.util.List<FailingWidget> breakingWidgets() {
        java.util.List<FailingWidget> widgets = new java.util.ArrayList<>();
        for (FailingWidget.Fault fault : FailingWidget.Fault.values()) {
            widgets.add(new FailingWidget(FailingWidget.Point.BODY_START, 0, fault));
            for (int nth = 0; nth < 2; nth++) {
                widgets.add(new FailingWidget(FailingWidget.Point.NUMBER_OPEN, nth, fault));
                widgets.add(new FailingWidget(FailingWidget.Point.NUMBER_CLOSE, nth, fault));
            }
        }
        return widgets;
    }

    /**
     * The widget breaks at each point the page reaches it (the held head, a number, the
     * second number after the first was linked), with the page split at every offset and
     * written every way: the host's chars come back exactly, as UTF-8 bytes, around what the
     * widget added before it broke.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"STRING_SLICES", "CHAR_SLICES", "APPEND", "INT_THEN_STRING", "APPEND_CHAR_THEN_CHARS"})
    void write_widgetBreaksAtEveryPoint_everySplit_hostCharsExact(Way way) throws IOException {
        String page = latin1(NUMBERS_PAGE.getBytes(UTF_8));
        for (int n = 0; n < breakingWidgets().size(); n++) {
            for (int k = 0; k <= NUMBERS_PAGE.length(); k++) {
                FailingWidget widget = breakingWidgets().get(n);
                FailingWidget.FailedOpen heard = new FailingWidget.FailedOpen();
                ByteArrayOutputStream w = new ByteArrayOutputStream();
                Path f = new Path(w, widget, UTF_8, FailingWidget.rewriter(heard));
                way.write(f.writer, NUMBERS_PAGE, k);
                f.finish();
                assertEquals(page, FailingWidget.withoutWidget(latin1(w.toByteArray())),
                        way + ", " + widget + ", split at " + k);
                assertTrue(heard.failed(), way + ", " + widget + ": failed open");
            }
        }
    }

    /** Far into a large page (past the 64 KB the filter's own copy kept before): the host's chars exactly. */
    @Test
    void write_widgetBreaksFarIntoALargePage_hostCharsExact() throws IOException {
        String text = "<!doctype html><html><head></head><body>"
                + "<p>abc\uD83D\uDE00defg 800-601-3889</p>\n".repeat(4_000) + "</body></html>";
        for (FailingWidget.Fault fault : FailingWidget.Fault.values()) {
            for (int nth : new int[] {1_400, 1_700, 3_999}) {
                FailingWidget widget = new FailingWidget(FailingWidget.Point.NUMBER_OPEN, nth, fault);
                FailingWidget.FailedOpen heard = new FailingWidget.FailedOpen();
                ByteArrayOutputStream w = new ByteArrayOutputStream();
                Path f = new Path(w, widget, UTF_8, FailingWidget.rewriter(heard));
                for (int i = 0; i < text.length(); i += 777) {
                    f.writer.write(text, i, Math.min(777, text.length() - i));
                }
                f.finish();
                assertEquals(latin1(text.getBytes(UTF_8)), FailingWidget.withoutWidget(latin1(w.toByteArray())),
                        widget.toString());
                assertTrue(heard.failed(), widget + ": failed open");
            }
        }
    }

    /** Records what the container was given, and how. */
    static final class Recording extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;
        int flushes;

        @Override
        public void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return bytes.toString(UTF_8);
        }
    }

    /**
     * The container is given bytes in writes of the encoder's buffer, however small the
     * host's prints (before, each print reached the container as a call of its own, and
     * Jetty wrapped each in a {@code CharBuffer}).
     */
    @Test
    void write_smallPrintsPassingThrough_reachTheContainerInLargeWrites() throws IOException {
        Recording container = new Recording();
        Path f = new Path(container, FRAGMENT);
        f.writer.write(PAGE.substring(0, PAGE.indexOf("<p>")));
        f.writer.write(PAGE.substring(PAGE.indexOf("<p>")));
        String more = "<!-- and more -->".repeat(10_000);
        for (int i = 0; i < more.length(); i += 50) {
            f.writer.write(more, i, Math.min(50, more.length() - i));
        }
        f.finish();
        assertEquals(oneWrite(PAGE + more), container.text());
        int bytes = (PAGE + more).getBytes(UTF_8).length;
        assertTrue(container.writes <= bytes / EncodingWriter.BYTES + 4,
                container.writes + " writes for " + bytes + " bytes in " + more.length() / 50 + " prints");
    }

    @Test
    void flush_reachesTheContainerAndSendsWhatTheRewriterNeedNotHold() throws IOException {
        Recording container = new Recording();
        Path f = new Path(container, FRAGMENT);
        String head = PAGE.substring(0, PAGE.indexOf("<p>"));
        f.writer.write(head);
        f.writer.flush();
        int flushes = container.flushes;
        assertTrue(flushes >= 1, "the host's flush reaches the container");
        assertTrue(container.text().contains(FRAGMENT), "after a flush past <body> the widget is out: " + container.text());
        assertEquals(head, container.text().replace(FRAGMENT, ""));
        f.writer.write(PAGE.substring(head.length()));
        f.writer.flush();
        assertTrue(container.flushes > flushes, "every flush of the host's reaches the container");
        flushes = container.flushes;
        f.finish();
        assertEquals(oneWrite(PAGE), container.text());
        f.writer.flush();
        assertTrue(container.flushes > flushes, "flushing after the page still flushes the container");
    }

    /**
     * One host flush, one container flush (the rewriter flushes its target itself; a second
     * flush after it would send a second empty chunk for nothing on containers that do).
     */
    @Test
    void flush_whileRewritingAndAfterPassingThrough_flushesTheContainerOnce() throws IOException {
        Recording container = new Recording();
        Path f = new Path(container, FRAGMENT);
        f.writer.write(PAGE, 0, 20);
        f.writer.flush();
        assertEquals(1, container.flushes, "while the head is read");
        f.writer.write(PAGE, 20, PAGE.indexOf("<p>") - 20);
        f.writer.flush();
        assertEquals(2, container.flushes, "after the body start");
        f.writer.write(PAGE.substring(PAGE.indexOf("<p>")));
        f.writer.flush();
        assertEquals(3, container.flushes, "passing through");
        f.writer.flush();
        assertEquals(4, container.flushes, "a flush with nothing written since still reaches the container");
        f.finish();
        assertEquals(oneWrite(PAGE), container.text());
    }

    /** A flush sends every char written before it: the client sees what a host flushed when it flushed it. */
    @Test
    void flush_sendsEveryCharWrittenBeforeIt() throws IOException {
        Recording container = new Recording();
        Path f = new Path(container, FRAGMENT);
        int end = PAGE.indexOf("</p>");
        for (int i = 0; i < end; i++) {
            f.writer.write(PAGE.charAt(i));
        }
        f.writer.flush();
        assertEquals(PAGE.substring(0, end), container.text().replace(FRAGMENT, ""));
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
        HtmlRewriter.RewritingOutputStream f = REWRITER.rewrite(container, java.nio.charset.StandardCharsets.UTF_8,
                PageWidget.bodyStartOnly(FRAGMENT));
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
        Path f = new Path(container, new FailingWidget(FailingWidget.Point.BODY_START, 0));
        f.writer.write(PAGE, 0, 30);
        f.writer.flush();
        f.writer.write(PAGE, 30, PAGE.length() - 30);
        f.writer.flush();
        assertEquals(2, container.flushes);
        assertEquals(PAGE, container.text());
    }

    // ---- encoding as a container's writer does ------------------------------------------

    static byte[] encoded(Charset charset, String... writes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodingWriter w = new EncodingWriter(out, charset);
        for (String s : writes) {
            w.write(s);
        }
        w.finish();
        return out.toByteArray();
    }

    @Test
    void encode_surrogatePairSplitAcrossWrites_oneCharacter() throws IOException {
        assertArrayEquals("a\uD83D\uDE00b".getBytes(UTF_8), encoded(UTF_8, "a\uD83D", "\uDE00b"));
        assertArrayEquals("a\uD83D\uDE00b".getBytes(UTF_8), encoded(UTF_8, "a\uD83D", "", "\uDE00", "b"));
        // the high surrogate as the last char of a full chunk
        String before = "x".repeat(EncodingWriter.CHUNK - 1);
        assertArrayEquals((before + "\uD83D\uDE00").getBytes(UTF_8), encoded(UTF_8, before + "\uD83D", "\uDE00"));
        assertArrayEquals((before + "\uD83D\uDE00").getBytes(StandardCharsets.UTF_16LE),
                encoded(StandardCharsets.UTF_16LE, before + "\uD83D", "\uDE00"));
    }

    /** What {@code String.getBytes} and the containers' writers do: unpaired surrogates and unmappable chars become the replacement. */
    @Test
    void encode_loneSurrogatesAndUnmappableChars_replacedAsTheContainerWould() throws IOException {
        assertArrayEquals("a\uD83Db".getBytes(UTF_8), encoded(UTF_8, "a\uD83D", "b"));
        assertArrayEquals("a\uDE00b".getBytes(UTF_8), encoded(UTF_8, "a\uDE00b"));
        assertArrayEquals("end\uD83D".getBytes(UTF_8), encoded(UTF_8, "end\uD83D"));
        Charset latin1 = StandardCharsets.ISO_8859_1;
        assertArrayEquals("Caf\u00e9 \u20ac \uD83D\uDE00".getBytes(latin1), encoded(latin1, "Caf\u00e9 \u20ac ", "\uD83D", "\uDE00"));
        Charset cp1252 = Charset.forName("windows-1252");
        assertArrayEquals("Caf\u00e9 \u20ac".getBytes(cp1252), encoded(cp1252, "Caf\u00e9 ", "\u20ac"));
    }

    @Test
    void encode_everyWayOfWriting_sameBytesAsTheString() throws IOException {
        for (Way way : Way.values()) {
            for (int k = 0; k <= PAGE.length(); k += 7) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                EncodingWriter w = new EncodingWriter(out, UTF_8);
                way.write(w, PAGE, k);
                w.finish();
                assertArrayEquals(PAGE.getBytes(UTF_8), out.toByteArray(), way + ", split at " + k);
            }
        }
    }

    /** Counts and drops bytes: the container itself allocates nothing. */
    static final class Discard extends OutputStream {
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

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Slices of one large string cost nothing per slice: nothing is copied whole (the writer
     * before its first rework copied every {@code write(String, off, len)} with
     * {@code toCharArray()}, quadratic in the slices of one string).
     */
    @Test
    void write_manySlicesOfOneLargeString_allocatesNothingPerSlice() throws IOException {
        String large = "<p>" + "x".repeat(1 << 20) + "</p>";
        Discard container = new Discard();
        EncodingWriter w = new EncodingWriter(container, UTF_8);
        w.write(large, 0, 100); // warm
        long before = allocatedBytes();
        for (int i = 0; i + 100 <= large.length(); i += 100) {
            w.write(large, i, 100);
        }
        w.finish();
        long allocated = allocatedBytes() - before;
        assertTrue(container.bytes > 1_000_000);
        assertTrue(allocated < 4096, allocated + " B for 10,486 slices of a 1 MB string");
    }

    /** Bytes the current thread allocates per response written as {@code pieces} through the filter's writer. */
    static long allocatedPerResponse(String[] pieces) throws IOException {
        PageWidget banner = PageWidget.bodyStartOnly(FRAGMENT);
        Discard container = new Discard();
        long before = 0;
        int runs = 40;
        for (int i = 0; i < 50 + runs; i++) {
            if (i == 50) {
                before = allocatedBytes();
            }
            Path f = new Path(container, banner, UTF_8);
            for (String piece : pieces) {
                f.writer.write(piece);
            }
            f.finish();
        }
        long after = allocatedBytes();
        assertTrue(container.bytes > 90L * PAGE.length(), "the pages went through");
        return (after - before) / runs;
    }

    /**
     * Bytes, not time: a banner-only page of 100 K chars through the filter's Writer path
     * costs at most 2 KB, what the byte path costs (the rewriter's budget, see core's
     * AllocationBudgetTest, which fails open by itself): the encoder's chunk and buffer are
     * lent by the filter's pool, in one write or in 50-char prints. The writer before its first rework allocated a 32 K-char tail per
     * response and a copy of every string (about 272 KB and 313 KB here).
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
        System.out.println("EncodingWriterTest: B per response, one write " + one + ", 50-char prints " + many);
        assertTrue(one <= BUDGET && many <= BUDGET, "B per response, one write: " + one + ", 50-char prints: " + many);
    }

    static final int BUDGET = 2048;
}
