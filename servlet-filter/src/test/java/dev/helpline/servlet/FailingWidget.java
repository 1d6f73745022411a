package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.Outcome;
import dev.helpline.core.html.PageWidget;
import dev.helpline.core.html.RewriteListener;
import dev.helpline.core.html.StopReason;
import dev.helpline.core.phone.PhoneNumber;

import java.util.Set;

/**
 * A page widget shaped like the real one (body start, linked numbers) that breaks the
 * {@code nth} time (from 0) the rewriter reaches {@code point}: the fault the tests inject
 * into the filter's byte path, through the rewriter's public seam.
 */
final class FailingWidget implements PageWidget {
    static final String FRAGMENT = "<aside>widget</aside>";
    static final PhoneNumber HELPLINE = PhoneNumber.parse("800-601-3889");
    static final String OPEN = "<a data-helpline=\"tel\" href=\"tel:+18006013889\">";
    static final String CLOSE = "</a>";

    /** Where the widget can break, in the order a page meets them. */
    enum Point { BODY_START, NUMBER_OPEN, NUMBER_CLOSE, NEVER }

    /** An exception, or an error (a rewriter fails open on both). */
    enum Fault { EXCEPTION, ERROR }

    private final Point point;
    private final int nth;
    private final Fault fault;
    private int reached;

    FailingWidget(Point point, int nth, Fault fault) {
        this.point = point;
        this.nth = nth;
        this.fault = fault;
    }

    FailingWidget(Point point, int nth) {
        this(point, nth, Fault.EXCEPTION);
    }

    /** Hears whether a page failed open: its head's outcome, or its body's stop, says so. */
    static final class FailedOpen implements RewriteListener {
        private volatile boolean failed;

        boolean failed() {
            return failed;
        }

        @Override
        public void headOutcome(String path, Outcome outcome) {
            failed |= outcome == Outcome.INTERNAL_ERROR;
        }

        @Override
        public void bodyStopped(String path, StopReason reason, long offset) {
            failed |= reason == StopReason.INTERNAL_ERROR;
        }
    }

    /** A rewriter as the filter makes one, telling {@code heard} what became of each page. */
    static HtmlRewriter rewriter(FailedOpen heard) {
        return new HtmlRewriter(new HtmlRewriter.Options(0, heard));
    }

    /** The page with everything the widget added taken out. */
    static String withoutWidget(String out) {
        return out.replace(FRAGMENT, "").replace(OPEN, "").replace(CLOSE, "");
    }

    private void at(Point p) {
        if (p == point && reached++ == nth) {
            if (fault == Fault.ERROR) {
                throw new AssertionError("test: the widget broke at " + p + " " + nth);
            }
            throw new IllegalStateException("test: the widget broke at " + p + " " + nth);
        }
    }

    @Override
    public String bodyStart(String htmlLang) {
        at(Point.BODY_START);
        return FRAGMENT;
    }

    @Override
    public Set<PhoneNumber> inlineNumbers() {
        return Set.of(HELPLINE);
    }

    @Override
    public String numberOpen(PhoneNumber number, String htmlLang) {
        at(Point.NUMBER_OPEN);
        return OPEN;
    }

    @Override
    public String numberClose(PhoneNumber number, String htmlLang) {
        at(Point.NUMBER_CLOSE);
        return CLOSE;
    }

    @Override
    public String toString() {
        return "widget breaking at " + point + " " + nth + " with an " + fault;
    }
}
