package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;

import java.io.IOException;
import java.io.Writer;

/**
 * The filter's char side as it was before a page written through {@code getWriter()} took
 * the byte path, kept here (renamed, and with the char-side seam it used inlined, since the
 * filter no longer has one) as {@code WriterPathBenchmark}'s "before":
 * the byte stream's fail-open twin (as it was then) for hosts that write characters: a
 * {@link RuntimeException} from the rewriter replays the host's characters it still held and
 * switches to pass-through.
 *
 * <p>Written for the paths template engines take (one large {@code String}, thousands of small
 * {@code print}s): nothing is allocated up front. The host's characters the rewriter still
 * holds (at most {@value #TAIL}; all of the last {@value #TAIL} when it cannot say what it
 * holds) are kept in a ring allocated on first need and grown as needed; {@code String}s reach
 * the rewriter as they are (only what it still holds of one is copied, into the ring), and
 * once the rewriter holds nothing and never will again
 * ({@link CharSink#passingThrough()}) the host's writes, {@code String}s
 * included, go straight to the container. Not thread safe.
 */
final class FailOpenWriterBefore extends Writer {
    static final int TAIL = 32 * 1024;

    private final Counting out;
    private final CharSink sink;
    private final FragmentRecorder widget;
    /** Host chars by position modulo its length (a power of two); valid for [keptFrom, written). Null until needed. */
    private char[] tail;
    private long keptFrom;
    private long written;
    /** A char the host wrote alone, for the rewriter; null until one comes while rewriting. */
    private char[] one;
    private boolean failed;
    /** The sink holds nothing and passes everything through: write to the container directly. */
    private boolean direct;

    FailOpenWriterBefore(Writer container, HtmlRewriter rewriter, PageWidget pageWidget) {
        this.out = new Counting(container);
        this.widget = new FragmentRecorder(pageWidget);
        CharSink s;
        try {
            s = CharSink.of(rewriter.rewrite(out, widget));
        } catch (RuntimeException e) {
            s = null;
            failed = true;
            logOnce(e);
        }
        this.sink = s;
    }

    boolean injected() {
        try {
            return sink != null && sink.injected();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What became of the page: the rewriter's outcome, {@code INTERNAL_ERROR} after a failure. */
    dev.helpline.core.html.Outcome outcome() {
        dev.helpline.core.html.Outcome reported;
        try {
            reported = sink == null ? null : sink.outcome();
        } catch (RuntimeException e) {
            reported = dev.helpline.core.html.Outcome.INTERNAL_ERROR;
        }
        if (failed) {
            return dev.helpline.core.html.Outcome.INTERNAL_ERROR;
        }
        return reported == null ? dev.helpline.core.html.Outcome.PENDING : reported;
    }

    /** The page widget's counts of what went into the page. */
    FragmentRecorder widget() {
        return widget;
    }

    /** Whether the host's chars now go straight to the container (for tests). */
    boolean direct() {
        return direct;
    }

    @Override
    public void write(char[] c, int off, int len) throws IOException {
        if (failed || direct) {
            out.write(c, off, len);
            return;
        }
        rewrite(c, off, len);
    }

    /**
     * The host's {@code String} goes to the rewriter as it is (the rewriter reads it in slices
     * and passes the rest on whole once it passes through); only what the rewriter still
     * holds of it is copied, into the ring.
     */
    @Override
    public void write(String s, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, s.length());
        if (failed || direct) {
            out.write(s, off, len);
            return;
        }
        try {
            sink.write(s, off, len);
        } catch (RuntimeException e) {
            recover(e, null, s, off, len);
            return;
        }
        keep(null, s, off, len);
    }

    @Override
    public void write(int c) throws IOException {
        if (failed || direct) {
            out.write(c);
            return;
        }
        if (one == null) {
            one = new char[1];
        }
        one[0] = (char) c;
        rewrite(one, 0, 1);
    }

    private void rewrite(char[] c, int off, int len) throws IOException {
        try {
            sink.write(c, off, len);
        } catch (RuntimeException e) {
            recover(e, c, null, off, len);
            return;
        }
        keep(c, null, off, len);
    }

    /**
     * Flushes what the rewriter may send and the container, once per host flush: not again
     * when the rewriter flushed it already.
     */
    @Override
    public void flush() throws IOException {
        long flushes = out.flushes;
        if (!failed && !direct) {
            try {
                sink.flush();
            } catch (RuntimeException e) {
                recover(e, null, null, 0, 0);
            }
        }
        if (out.flushes == flushes) {
            out.flush();
        }
    }

    /** Writes whatever the rewriter holds; the container's writer stays open. */
    void finish() throws IOException {
        if (!failed && !direct) {
            try {
                sink.finish();
            } catch (RuntimeException e) {
                recover(e, null, null, 0, 0);
            }
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }

    private long hostCharsWritten() {
        try {
            return sink == null ? -1 : sink.hostCharsWritten();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * After the sink took {@code c[off, off + len)}: keeps what the sink still holds of the
     * host's chars, or the last {@value #TAIL} when it cannot tell.
     */
    private void keep(char[] c, String s, int off, int len) {
        long end = written + len;
        boolean passing;
        try {
            passing = sink.passingThrough();
        } catch (RuntimeException e) {
            passing = false;
        }
        long host = hostCharsWritten();
        if (passing && host == end) {
            direct = true;
            written = end;
            keptFrom = end;
            return;
        }
        long need = Math.min(TAIL, host < 0 ? end : end - host);
        if (need <= 0) {
            written = end;
            keptFrom = end;
            return;
        }
        if (tail == null || tail.length < need) {
            grow(need);
        }
        long from = Math.max(end - need, written);
        int n = (int) (end - from);
        copyIn(c, s, off + (int) (from - written), n, from);
        keptFrom = from > written ? from : Math.max(keptFrom, end - tail.length);
        written = end;
    }

    /** A ring of at least {@code need} chars (a power of two, up to {@value #TAIL}) keeping the valid chars. */
    private void grow(long need) {
        int size = 256;
        while (size < need) {
            size <<= 1;
        }
        char[] old = tail;
        tail = new char[size];
        if (old == null) {
            keptFrom = written;
            return;
        }
        int n = (int) (written - keptFrom);
        int at = (int) (keptFrom & (old.length - 1));
        int first = Math.min(n, old.length - at);
        copyIn(old, null, at, first, keptFrom);
        copyIn(old, null, 0, n - first, keptFrom + first);
    }

    /** Copies {@code n} chars of {@code c} (or, when it is null, of {@code s}) from {@code off} into the ring at {@code pos}. */
    private void copyIn(char[] c, String s, int off, int n, long pos) {
        int at = (int) (pos & (tail.length - 1));
        int first = Math.min(n, tail.length - at);
        if (c != null) {
            System.arraycopy(c, off, tail, at, first);
            System.arraycopy(c, off + first, tail, 0, n - first);
        } else {
            s.getChars(off, off + first, tail, at);
            s.getChars(off + first, off + n, tail, 0);
        }
    }

    /**
     * Replays what the rewriter held: the host chars written (earlier ones and the chunk
     * {@code c[off, off + len)} it failed on) minus the host chars that reached the container.
     * The earlier ones come from the tail, the failing chunk from the caller.
     */
    private void recover(RuntimeException e, char[] c, String s, int off, int len) throws IOException {
        failed = true;
        logOnce(e);
        long host = hostCharsWritten();
        long sent = host >= 0 ? host
                : out.count - (injected() && widget.bodyStart != null ? widget.bodyStart.length() : 0);
        long held = written + len - sent;
        if (held <= 0) {
            return;
        }
        long fromTail = held - len;
        if (fromTail > 0 && (tail == null || written - fromTail < keptFrom)) {
            HelplineFilter.LOG.log(System.Logger.Level.ERROR, "helpline: the rewriter failed holding " + fromTail
                    + " earlier chars, more than can be replayed; the page is cut");
        } else if (fromTail > 0) {
            int n = (int) fromTail;
            int start = (int) ((written - n) & (tail.length - 1));
            int first = Math.min(n, tail.length - start);
            out.write(tail, start, first);
            out.write(tail, 0, n - first);
        }
        if (len > 0) {
            int n = (int) Math.min(held, len);
            if (c != null) {
                out.write(c, off + len - n, n);
            } else {
                out.write(s, off + len - n, n);
            }
        }
    }

    /** Counts what reaches the container. */
    private static final class Counting extends Writer {
        private final Writer out;
        long count;
        /** How often the container was flushed. */
        long flushes;

        Counting(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            out.write(c, off, len);
            count += len;
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            out.write(s, off, len);
            count += len;
        }

        @Override
        public void write(int c) throws IOException {
            out.write(c);
            count++;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            flushes++;
        }

        @Override
        public void close() {
            // the container's writer is closed by the container (or the host), never by the rewriter
        }
    }

    /** The char-side seam the filter had: the core's rewriting writer behind it. */
    abstract static class CharSink extends Writer {
        abstract void finish() throws IOException;

        abstract boolean injected();

        abstract long hostCharsWritten();

        abstract boolean passingThrough();

        abstract dev.helpline.core.html.Outcome outcome();

        static CharSink of(HtmlRewriter.RewritingWriter w) {
            return new CharSink() {
                @Override
                public void write(char[] c, int off, int len) throws IOException {
                    w.write(c, off, len);
                }

                @Override
                public void write(String str, int off, int len) throws IOException {
                    w.write(str, off, len);
                }

                @Override
                public void write(int c) throws IOException {
                    w.write(c);
                }

                @Override
                public void flush() throws IOException {
                    w.flush();
                }

                @Override
                public void close() throws IOException {
                    w.finish();
                }

                @Override
                void finish() throws IOException {
                    w.finish();
                }

                @Override
                boolean injected() {
                    return w.injected();
                }

                @Override
                long hostCharsWritten() {
                    return w.hostCharsWritten();
                }

                @Override
                boolean passingThrough() {
                    return w.passingThrough();
                }

                @Override
                dev.helpline.core.html.Outcome outcome() {
                    return w.outcome();
                }
            };
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean LOGGED = new java.util.concurrent.atomic.AtomicBoolean();

    static void logOnce(RuntimeException e) {
        if (LOGGED.compareAndSet(false, true)) {
            HelplineFilter.LOG.log(System.Logger.Level.WARNING,
                    "helpline: the rewriter failed; serving the rest of the page unchanged (logged once)", e);
        } else {
            HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: the rewriter failed: " + e);
        }
    }

    /** Passes a page widget through (counted), remembering the body start it gave, for the replay's count. */
    static final class FragmentRecorder implements PageWidget {
        private final CountingWidget widget;
        /** The body start the rewriter was given; null until then. */
        dev.helpline.core.html.Fragment bodyStart;

        FragmentRecorder(PageWidget widget) {
            this.widget = new CountingWidget(widget);
        }

        @Override
        public String bodyStart(String htmlLang) {
            String s = widget.bodyStart(htmlLang);
            bodyStart = s == null ? null : dev.helpline.core.html.Fragment.of(s);
            return s;
        }

        @Override
        public dev.helpline.core.html.Fragment bodyStartFragment(String htmlLang) {
            bodyStart = widget.bodyStartFragment(htmlLang);
            return bodyStart;
        }

        @Override
        public String ctaBox(String htmlLang) {
            return widget.ctaBox(htmlLang);
        }

        @Override
        public java.util.Set<dev.helpline.core.phone.PhoneNumber> inlineNumbers() {
            return widget.inlineNumbers();
        }

        @Override
        public String numberOpen(dev.helpline.core.phone.PhoneNumber number, String htmlLang) {
            return widget.numberOpen(number, htmlLang);
        }

        @Override
        public String numberClose(dev.helpline.core.phone.PhoneNumber number, String htmlLang) {
            return widget.numberClose(number, htmlLang);
        }

        @Override
        public void boxPlaced() {
            widget.boxPlaced();
        }

        @Override
        public void otherNumber(String maskedNumber) {
            widget.otherNumber(maskedNumber);
        }
    }
}
