package dev.helpline.servlet;

import dev.helpline.core.html.Fragment;
import dev.helpline.core.html.PageWidget;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host's bytes on their way through the rewriter, with a way back when the rewriter
 * breaks: a {@link RuntimeException} from it switches this stream to pass-through.
 *
 * <p>To keep the page whole it counts what the host wrote and what reached the container,
 * and keeps the host's bytes the rewriter still holds (at most {@value #TAIL}; all of the last
 * {@value #TAIL} when the rewriter cannot say what it holds), in a ring allocated on first
 * need and grown as needed. Once the rewriter holds nothing and never will again
 * ({@link PageRewriter.ByteSink#passingThrough()}), writes go straight to the container.
 * When the rewriter fails, the bytes it was
 * still holding (host bytes written minus host bytes sent; the fragment, when it went in,
 * is not a host byte) are replayed, from that tail and from the chunk the rewriter failed
 * on, and everything after goes straight through. A streaming rewriter holds a small
 * window (16 KB at most), far below the tail; if it ever held more, the loss is logged. {@link IOException}s (a client gone) are not the rewriter's
 * fault and propagate as they would without us.
 *
 * <p>Not thread safe.
 */
final class FailOpenOutputStream extends OutputStream {
    static final int TAIL = 64 * 1024;
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private final Counting out;
    private final PageRewriter.ByteSink sink;
    private final Charset charset;
    /** What the widget wrote at the body start, for sinks that cannot count the host's bytes themselves. */
    private final FragmentRecorder widget;
    /** Host bytes by position modulo its length; valid for positions [keptFrom, written). Null until needed. */
    private byte[] tail;
    private long keptFrom;
    private long written;
    private boolean failed;
    /** The sink holds nothing and passes everything through: write to the container directly. */
    private boolean direct;

    FailOpenOutputStream(OutputStream container, PageRewriter rewriter, Charset charset, String fragment) {
        this(container, rewriter, charset, PageWidget.bodyStartOnly(fragment));
    }

    FailOpenOutputStream(OutputStream container, PageRewriter rewriter, Charset charset, PageWidget pageWidget) {
        this.out = new Counting(container);
        this.charset = charset;
        this.widget = new FragmentRecorder(pageWidget);
        PageRewriter.ByteSink s;
        try {
            s = rewriter.bytes(out, charset, widget);
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

    boolean failed() {
        return failed;
    }

    /** What became of the page: the rewriter's outcome, {@code INTERNAL_ERROR} after a failure. */
    dev.helpline.core.html.Outcome outcome() {
        return outcomeOf(failed, sink == null ? null : sinkOutcome());
    }

    private dev.helpline.core.html.Outcome sinkOutcome() {
        try {
            return sink.outcome();
        } catch (RuntimeException e) {
            return dev.helpline.core.html.Outcome.INTERNAL_ERROR;
        }
    }

    static dev.helpline.core.html.Outcome outcomeOf(boolean failed, dev.helpline.core.html.Outcome reported) {
        if (failed) {
            return dev.helpline.core.html.Outcome.INTERNAL_ERROR;
        }
        return reported == null ? dev.helpline.core.html.Outcome.PENDING : reported;
    }

    /** The page widget's counts of what went into the page. */
    FragmentRecorder widget() {
        return widget;
    }

    private long hostBytesWritten() {
        try {
            return sink == null ? -1 : sink.hostBytesWritten();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Passes a page widget through, remembering the body-start fragment it gave. */
    static final class FragmentRecorder implements PageWidget {
        private final PageWidget widget;
        /** The body start the rewriter was given, in parts as the widget handed it; null until then. */
        Fragment bodyStart;
        /** Numbers linked and boxes placed in this page, for the filter's listener. */
        int numbersLinked;
        int boxesPlaced;

        FragmentRecorder(PageWidget widget) {
            this.widget = widget;
        }

        @Override
        public String bodyStart(String htmlLang) {
            String s = widget.bodyStart(htmlLang);
            bodyStart = s == null ? null : Fragment.of(s);
            return s;
        }

        /** Passed on in parts: the widget's own, so that nothing is assembled here either. */
        @Override
        public Fragment bodyStartFragment(String htmlLang) {
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
            numbersLinked++;
            return widget.numberOpen(number, htmlLang);
        }

        @Override
        public void boxPlaced() {
            boxesPlaced++;
            widget.boxPlaced();
        }

        @Override
        public String numberClose(dev.helpline.core.phone.PhoneNumber number, String htmlLang) {
            return widget.numberClose(number, htmlLang);
        }

        @Override
        public void otherNumber(String maskedNumber) {
            widget.otherNumber(maskedNumber);
        }
    }

    /** A byte the host wrote alone; null until one comes. */
    private byte[] one;

    @Override
    public void write(int b) throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failed || direct) {
            out.write(b, off, len);
            return;
        }
        try {
            sink.write(b, off, len);
        } catch (RuntimeException e) {
            recover(e, b, off, len);
            return;
        }
        keep(b, off, len);
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
                recover(e, null, 0, 0);
            }
        }
        if (out.flushes == flushes) {
            out.flush();
        }
    }

    /** Writes whatever the rewriter holds; the container's stream stays open. */
    void finish() throws IOException {
        if (!failed && !direct) {
            try {
                sink.finish();
            } catch (RuntimeException e) {
                recover(e, null, 0, 0);
            }
        }
    }

    /**
     * After the sink took {@code b[off, off + len)}: keeps what the sink still holds of the
     * host's bytes, or the last {@value #TAIL} when it cannot tell.
     */
    private void keep(byte[] b, int off, int len) {
        long end = written + len;
        boolean passing;
        try {
            passing = sink.passingThrough();
        } catch (RuntimeException e) {
            passing = false;
        }
        long host = hostBytesWritten();
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
        copyIn(b, off + (int) (from - written), n, from);
        keptFrom = from > written ? from : Math.max(keptFrom, end - tail.length);
        written = end;
    }

    /** A ring of at least {@code need} bytes (a power of two, up to {@value #TAIL}) keeping the valid bytes. */
    private void grow(long need) {
        // Small at first: a streaming rewriter usually holds one tag or less.
        int size = 256;
        while (size < need) {
            size <<= 1;
        }
        byte[] old = tail;
        tail = new byte[size];
        if (old != null) {
            for (long p = keptFrom; p < written; p++) {
                tail[(int) (p % size)] = old[(int) (p % old.length)];
            }
        } else {
            keptFrom = written;
        }
    }

    private void copyIn(byte[] b, int off, int n, long pos) {
        int at = (int) (pos % tail.length);
        int first = Math.min(n, tail.length - at);
        System.arraycopy(b, off, tail, at, first);
        System.arraycopy(b, off + first, tail, 0, n - first);
    }

    /**
     * Replays what the rewriter held: the host bytes written (earlier ones and the chunk
     * {@code b[off, off + len)} it failed on) minus the host bytes that reached the
     * container. The earlier ones come from the tail, the failing chunk from the caller.
     */
    private void recover(RuntimeException e, byte[] b, int off, int len) throws IOException {
        failed = true;
        logOnce(e);
        long host = hostBytesWritten();
        long sent = host >= 0 ? host : out.count - (injected() && widget.bodyStart != null
                ? widget.bodyStart.toString().getBytes(charset == null ? StandardCharsets.UTF_8 : charset).length : 0);
        long held = written + len - sent;
        if (held <= 0) {
            return;
        }
        long fromTail = held - len;
        if (fromTail > 0 && (tail == null || written - fromTail < keptFrom)) {
            HelplineFilter.LOG.log(System.Logger.Level.ERROR, "helpline: the rewriter failed holding " + fromTail
                    + " earlier bytes, more than can be replayed; the page is cut");
        } else if (fromTail > 0) {
            int n = (int) fromTail;
            int start = (int) ((written - n) % tail.length);
            int first = Math.min(n, tail.length - start);
            out.write(tail, start, first);
            out.write(tail, 0, n - first);
        }
        if (len > 0) {
            int n = (int) Math.min(held, len);
            out.write(b, off + len - n, n);
        }
    }

    static void logOnce(RuntimeException e) {
        if (LOGGED.compareAndSet(false, true)) {
            HelplineFilter.LOG.log(System.Logger.Level.WARNING,
                    "helpline: the rewriter failed; serving the rest of the page unchanged (logged once)", e);
        } else {
            HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: the rewriter failed: " + e);
        }
    }

    /** Counts what reaches the container. */
    private static final class Counting extends OutputStream {
        private final OutputStream out;
        long count;

        Counting(OutputStream out) {
            this.out = out;
        }

        /** How often the container was flushed. */
        long flushes;

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            flushes++;
        }
    }
}
