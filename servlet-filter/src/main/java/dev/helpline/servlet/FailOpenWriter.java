package dev.helpline.servlet;

import dev.helpline.core.html.PageWidget;

import java.io.IOException;
import java.io.Writer;

/**
 * {@link FailOpenOutputStream}'s twin for hosts that write characters: a
 * {@link RuntimeException} from the rewriter replays the host's characters it still held and
 * switches to pass-through.
 *
 * <p>Written for the paths template engines take (one large {@code String}, thousands of small
 * {@code print}s): nothing is allocated up front. The host's characters the rewriter still
 * holds (at most {@value #TAIL}; all of the last {@value #TAIL} when it cannot say what it
 * holds) are kept in a ring allocated on first need and grown as needed; {@code String}s reach
 * the rewriter through one small reused buffer, and once the rewriter holds nothing and never
 * will again ({@link PageRewriter.CharSink#passingThrough()}) the host's writes, {@code String}s
 * included, go straight to the container. Not thread safe.
 */
final class FailOpenWriter extends Writer {
    static final int TAIL = 32 * 1024;
    /** Chars of a host's {@code String} handed to the rewriter at a time. */
    static final int SLICE = 256;

    private final Counting out;
    private final PageRewriter.CharSink sink;
    private final FailOpenOutputStream.FragmentRecorder widget;
    /** Host chars by position modulo its length (a power of two); valid for [keptFrom, written). Null until needed. */
    private char[] tail;
    private long keptFrom;
    private long written;
    /** Where a host's {@code String} is copied for the rewriter; null until a String comes while rewriting. */
    private char[] slice;
    private boolean failed;
    /** The sink holds nothing and passes everything through: write to the container directly. */
    private boolean direct;

    FailOpenWriter(Writer container, PageRewriter rewriter, String fragment) {
        this(container, rewriter, PageWidget.bodyStartOnly(fragment));
    }

    FailOpenWriter(Writer container, PageRewriter rewriter, PageWidget pageWidget) {
        this.out = new Counting(container);
        this.widget = new FailOpenOutputStream.FragmentRecorder(pageWidget);
        PageRewriter.CharSink s;
        try {
            s = rewriter.chars(out, widget);
        } catch (RuntimeException e) {
            s = null;
            failed = true;
            FailOpenOutputStream.logOnce(e);
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
        return FailOpenOutputStream.outcomeOf(failed, reported);
    }

    /** The page widget's counts of what went into the page. */
    FailOpenOutputStream.FragmentRecorder widget() {
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

    @Override
    public void write(String s, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, s.length());
        int end = off + len;
        while (off < end) {
            if (failed || direct) {
                out.write(s, off, end - off);
                return;
            }
            if (slice == null) {
                slice = new char[SLICE];
            }
            int n = Math.min(SLICE, end - off);
            s.getChars(off, off + n, slice, 0);
            rewrite(slice, 0, n);
            off += n;
        }
    }

    @Override
    public void write(int c) throws IOException {
        if (failed || direct) {
            out.write(c);
            return;
        }
        if (slice == null) {
            slice = new char[SLICE];
        }
        slice[0] = (char) c;
        rewrite(slice, 0, 1);
    }

    private void rewrite(char[] c, int off, int len) throws IOException {
        try {
            sink.write(c, off, len);
        } catch (RuntimeException e) {
            recover(e, c, off, len);
            return;
        }
        keep(c, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (!failed && !direct) {
            try {
                sink.flush();
            } catch (RuntimeException e) {
                recover(e, null, 0, 0);
            }
        }
        out.flush();
    }

    /** Writes whatever the rewriter holds; the container's writer stays open. */
    void finish() throws IOException {
        if (!failed && !direct) {
            try {
                sink.finish();
            } catch (RuntimeException e) {
                recover(e, null, 0, 0);
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
    private void keep(char[] c, int off, int len) {
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
        copyIn(c, off + (int) (from - written), n, from);
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
        copyIn(old, at, first, keptFrom);
        copyIn(old, 0, n - first, keptFrom + first);
    }

    private void copyIn(char[] c, int off, int n, long pos) {
        int at = (int) (pos & (tail.length - 1));
        int first = Math.min(n, tail.length - at);
        System.arraycopy(c, off, tail, at, first);
        System.arraycopy(c, off + first, tail, 0, n - first);
    }

    /**
     * Replays what the rewriter held: the host chars written (earlier ones and the chunk
     * {@code c[off, off + len)} it failed on) minus the host chars that reached the container.
     * The earlier ones come from the tail, the failing chunk from the caller.
     */
    private void recover(RuntimeException e, char[] c, int off, int len) throws IOException {
        failed = true;
        FailOpenOutputStream.logOnce(e);
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
            out.write(c, off + len - n, n);
        }
    }

    /** Counts what reaches the container. */
    private static final class Counting extends Writer {
        private final Writer out;
        long count;

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
        }

        @Override
        public void close() {
            // the container's writer is closed by the container (or the host), never by the rewriter
        }
    }
}
