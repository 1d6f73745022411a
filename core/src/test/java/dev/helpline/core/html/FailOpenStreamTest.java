package dev.helpline.core.html;

import dev.helpline.core.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream that holds the host's bytes is the one that keeps the page whole when the
 * rewriting breaks: whatever a {@link PageWidget} or {@link RewriteListener} throws (an
 * exception or an error), at whatever point of the page and however the host split its
 * writes, the bytes held go out raw and in order, everything after passes through, and the
 * page counts as failed open. What the host's own stream throws is not a rewriter failure
 * and reaches the host as it is.
 */
class FailOpenStreamTest {
    /**
     * Every case makes a rewriter, and a rewriter logs its first failure with the stack: tens
     * of thousands of cases wrote 250 MB into the test's output, which the log scan in
     * servlet-filter then reads for a minute. The cases assert through the listener instead.
     */
    private static final Logger REWRITER_LOG = Logger.getLogger(HtmlRewriter.class.getName());

    @BeforeAll
    static void quietRewriterLog() {
        REWRITER_LOG.setLevel(Level.OFF);
    }

    @AfterAll
    static void restoreRewriterLog() {
        REWRITER_LOG.setLevel(null);
    }

    /** Head with a noscript and a prescan charset, a body with numbers, a slot, another number. */
    static final String PAGE = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Help</title>"
            + "<noscript><img src=\"/px\" alt=\"\"></noscript></head>\n<body><main><p>Call 800-601-3889 now.</p>"
            + "<div data-helpline-slot=\"cta\"></div><p>Clinic: 212-555-0147 &amp; (800) 601-3889.</p>"
            + "<p>One</p><p>Two</p><p>Three 800.601.3889</p><p>Four</p></main></body></html>";

    /** The widget's methods a failure can be injected into, in the order a page meets them. */
    enum Point { BODY_START, CTA_BOX, INLINE_NUMBERS, NUMBER_OPEN, NUMBER_CLOSE, OTHER_NUMBER, BOX_PLACED, PAGE_PATH,
        HEAD_OUTCOME, BODY_STOPPED }

    /** {@link TestWidget#full()}, failing with {@code fault} the {@code nth} time (from 0) {@code point} is reached. */
    static final class FaultyWidget extends TestWidget {
        final Point point;
        final int nth;
        final Supplier<Throwable> fault;
        int reached;
        boolean failed;

        FaultyWidget(Point point, int nth, Supplier<Throwable> fault) {
            super(Set.of(HELPLINE), BOX);
            this.point = point;
            this.nth = nth;
            this.fault = fault;
        }

        void at(Point p) {
            if (p == point && reached++ == nth) {
                failed = true;
                Throwable t = fault.get();
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) t;
            }
        }

        @Override
        public String bodyStart(String htmlLang) {
            at(Point.BODY_START);
            return super.bodyStart(htmlLang);
        }

        @Override
        public String ctaBox(String htmlLang) {
            at(Point.CTA_BOX);
            return super.ctaBox(htmlLang);
        }

        @Override
        public Set<PhoneNumber> inlineNumbers() {
            at(Point.INLINE_NUMBERS);
            return super.inlineNumbers();
        }

        @Override
        public String numberOpen(PhoneNumber number, String htmlLang) {
            at(Point.NUMBER_OPEN);
            return super.numberOpen(number, htmlLang);
        }

        @Override
        public String numberClose(PhoneNumber number, String htmlLang) {
            at(Point.NUMBER_CLOSE);
            return super.numberClose(number, htmlLang);
        }

        @Override
        public void otherNumber(String maskedNumber) {
            at(Point.OTHER_NUMBER);
            super.otherNumber(maskedNumber);
        }

        @Override
        public void boxPlaced() {
            at(Point.BOX_PLACED);
        }

        @Override
        public String pagePath() {
            at(Point.PAGE_PATH);
            return "/p";
        }
    }

    /** Records what it hears; fails as the widget says at {@link Point#HEAD_OUTCOME} and {@link Point#BODY_STOPPED}. */
    static final class Heard implements RewriteListener {
        final List<String> heard = new ArrayList<>();
        FaultyWidget widget;

        @Override
        public void headOutcome(String path, Outcome outcome) {
            heard.add(outcome.name());
            widget.at(Point.HEAD_OUTCOME);
        }

        @Override
        public void bodyStopped(String path, StopReason reason, long offset) {
            heard.add("stop " + reason);
            widget.at(Point.BODY_STOPPED);
        }
    }

    private static final List<Supplier<Throwable>> FAULTS = List.of(
            () -> new IllegalStateException("boom"),
            () -> new StackOverflowError("deep"),
            () -> new AssertionError("broken invariant"));

    /** The page with every complete addition of the widget taken out (the box goes into a slot, so it replaced nothing). */
    static String withoutWidget(String out) {
        return out.replace(TestWidget.BOX, "").replace(CorpusTest.WIDGET, "").replace(TestWidget.OPEN, "")
                .replace(TestWidget.CLOSE, "");
    }

    private record Run(String out, Outcome outcome, Heard heard, FaultyWidget widget) {
    }

    /** The page in writes cut at {@code cuts}, flushed after each when {@code flush}. */
    private static Run run(byte[] page, Charset decode, Charset declared, FaultyWidget widget, int[] cuts, boolean flush)
            throws IOException {
        Heard heard = new Heard();
        heard.widget = widget;
        HtmlRewriter rewriter = new HtmlRewriter(new HtmlRewriter.Options(2, heard));
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream o = rewriter.rewrite(bo, declared, widget);
        int from = 0;
        for (int cut : cuts) {
            if (cut - from == 1) {
                o.write(page[from]);
            } else {
                o.write(page, from, cut - from);
            }
            if (flush) {
                o.flush();
            }
            from = cut;
        }
        o.write(page, from, page.length - from);
        o.finish();
        return new Run(bo.toString(decode), o.outcome(), heard, widget);
    }

    /** The Writer path: the page as Strings cut at {@code cut}. */
    private static Run runChars(String page, FaultyWidget widget, int cut, boolean flush) throws IOException {
        Heard heard = new Heard();
        heard.widget = widget;
        java.io.StringWriter sw = new java.io.StringWriter();
        HtmlRewriter.RewritingWriter w = new HtmlRewriter(new HtmlRewriter.Options(2, heard)).rewrite(sw, widget);
        w.write(page, 0, cut);
        if (flush) {
            w.flush();
        }
        w.write(page, cut, page.length() - cut);
        w.finish();
        return new Run(sw.toString(), w.outcome(), heard, widget);
    }

    private static void check(Run r, String page, String where) {
        String out = r.out();
        assertEquals(page, withoutWidget(out), where + ": the host's page, byte for byte, around what the widget added");
        String links = out.replace(TestWidget.BOX, "");
        assertEquals(count(links, TestWidget.OPEN), count(links, TestWidget.CLOSE), where + ": every link closed");
        List<String> heard = r.heard().heard;
        assertTrue(!heard.isEmpty() && !heard.get(0).startsWith("stop "), where + ": the head's outcome first: " + heard);
        assertEquals(1, heard.stream().filter(h -> !h.startsWith("stop ")).count(), where + ": one head outcome: " + heard);
        assertTrue(heard.size() <= 2, where + ": at most one stop: " + heard);
        if (!r.widget().failed) {
            return;
        }
        Point p = r.widget().point;
        if (p == Point.BODY_START || p == Point.CTA_BOX || p == Point.INLINE_NUMBERS) {
            // asked while the page's head is decided: the page passes through as it came
            assertEquals(page, out, where + ": nothing of the widget went in");
            assertEquals(Outcome.INTERNAL_ERROR, r.outcome(), where);
            assertEquals(List.of("INTERNAL_ERROR"), heard, where);
        } else if (p != Point.HEAD_OUTCOME && p != Point.BODY_STOPPED && p != Point.PAGE_PATH) {
            // a failure in the body: the widget stays, the body's features stop, named
            assertEquals(Outcome.INJECTED, r.outcome(), where);
            assertEquals(List.of("INJECTED", "stop INTERNAL_ERROR"), heard, where);
        }
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Every point, every fault kind, the first and a later call, the page cut once at every byte. */
    @Test
    void failingWidgetOrListener_atEverySplit_pageWholeAndNamed() throws IOException {
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        int runs = 0;
        int failed = 0;
        for (Point point : Point.values()) {
            for (Supplier<Throwable> fault : FAULTS) {
                for (int nth = 0; nth < 2; nth++) {
                    for (int k = 0; k <= page.length; k++) {
                        for (Charset declared : new Charset[] {StandardCharsets.UTF_8, null}) {
                            FaultyWidget w = new FaultyWidget(point, nth, fault);
                            String where = point + " #" + nth + " " + fault.get() + " declared " + declared + " split at " + k;
                            check(run(page, StandardCharsets.UTF_8, declared, w, new int[] {k}, k % 3 == 0), PAGE, where);
                            runs++;
                            failed += w.failed ? 1 : 0;
                        }
                    }
                }
            }
        }
        assertTrue(failed > runs / 2, "faults were injected in " + failed + " of " + runs + " runs");
    }

    /** The Writer path holds the host's chars as the byte path holds bytes: the same promise, at every split. */
    @Test
    void writer_failingWidgetOrListener_atEverySplit_pageWholeAndNamed() throws IOException {
        String page = PAGE.replace("Clinic", "Clinic \u4E3C\uD800");
        for (Point point : Point.values()) {
            for (Supplier<Throwable> fault : FAULTS) {
                for (int nth = 0; nth < 2; nth++) {
                    for (int k = 0; k <= page.length(); k++) {
                        FaultyWidget w = new FaultyWidget(point, nth, fault);
                        check(runChars(page, w, k, k % 3 == 0), page, point + " #" + nth + " " + fault.get() + " split at " + k);
                    }
                }
            }
        }
    }

    /** A byte at a time (and flushed after each), in UTF-8 and in UTF-16 with a byte order mark. */
    @Test
    void failingWidget_byteAtATime_pageWhole() throws IOException {
        for (Charset cs : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.UTF_16}) {
            byte[] page = PAGE.getBytes(cs);
            int[] every = new int[page.length - 1];
            for (int i = 0; i < every.length; i++) {
                every[i] = i + 1;
            }
            for (Point point : Point.values()) {
                for (Supplier<Throwable> fault : FAULTS) {
                    for (boolean flush : new boolean[] {false, true}) {
                        FaultyWidget w = new FaultyWidget(point, 0, fault);
                        check(run(page, cs, null, w, every, flush), PAGE,
                                point + " " + fault.get() + " " + cs + " flush " + flush);
                    }
                }
            }
        }
    }

    /** The host's own stream failing is not the rewriter's failure: the host sees what it threw. */
    @Test
    void hostStreamFailure_reachesTheHostAsItIs() {
        RuntimeException gone = new IllegalStateException("response committed");
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) {
                throw gone;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                throw gone;
            }
        };
        Heard heard = new Heard();
        heard.widget = new FaultyWidget(Point.BODY_START, -1, () -> null);
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter(new HtmlRewriter.Options(0, heard))
                .rewrite(broken, StandardCharsets.UTF_8, heard.widget);
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> o.write(PAGE.getBytes(StandardCharsets.UTF_8)));
        assertSame(gone, thrown);
        assertTrue(!heard.heard.contains("INTERNAL_ERROR"), "not counted as a rewriter failure: " + heard.heard);
    }
}
