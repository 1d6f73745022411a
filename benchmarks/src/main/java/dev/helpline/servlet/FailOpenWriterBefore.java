package dev.helpline.servlet;

import dev.helpline.core.html.PageWidget;

import java.io.IOException;
import java.io.Writer;

/**
 * The filter's char side as it was before it was reworked for the Writer path, kept here
 * unchanged (apart from its name) as {@code WriterPathBenchmark}'s "before":
 * {@link FailOpenOutputStream}'s twin for hosts that write characters: a
 * {@link RuntimeException} from the rewriter replays the characters it held from a
 * {@value #TAIL}-char tail and switches to pass-through. Not thread safe.
 */
final class FailOpenWriterBefore extends Writer {
    static final int TAIL = 32 * 1024;

    private final Counting out;
    private final PageRewriter.CharSink sink;
    private final FailOpenOutputStream.FragmentRecorder widget;
    private final char[] tail = new char[TAIL];
    private long written;
    private boolean failed;

    FailOpenWriterBefore(Writer container, PageRewriter rewriter, String fragment) {
        this(container, rewriter, PageWidget.bodyStartOnly(fragment));
    }

    FailOpenWriterBefore(Writer container, PageRewriter rewriter, PageWidget pageWidget) {
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

    @Override
    public void write(char[] c, int off, int len) throws IOException {
        if (failed) {
            out.write(c, off, len);
            return;
        }
        try {
            sink.write(c, off, len);
        } catch (RuntimeException e) {
            recover(e, c, off, len);
            return;
        }
        keep(c, off, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        write(s.toCharArray(), off, len);
    }

    @Override
    public void flush() throws IOException {
        if (!failed) {
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
        if (!failed) {
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

    private void keep(char[] c, int off, int len) {
        for (int i = Math.max(0, len - TAIL); i < len; i++) {
            tail[(int) ((written + i) % TAIL)] = c[off + i];
        }
        written += len;
    }

    /** As {@link FailOpenOutputStream}: earlier chars from the tail, the failing chunk from the caller. */
    private void recover(RuntimeException e, char[] c, int off, int len) throws IOException {
        failed = true;
        FailOpenOutputStream.logOnce(e);
        long host;
        try {
            host = sink == null ? -1 : sink.hostCharsWritten();
        } catch (RuntimeException ex) {
            host = -1;
        }
        long sent = host >= 0 ? host
                : out.count - (injected() && widget.bodyStart != null ? widget.bodyStart.length() : 0);
        long held = written + len - sent;
        if (held <= 0) {
            return;
        }
        long fromTail = held - len;
        if (fromTail > Math.min(written, TAIL)) {
            HelplineFilter.LOG.log(System.Logger.Level.ERROR, "helpline: the rewriter failed holding " + fromTail
                    + " earlier chars, more than can be replayed; the page is cut");
        } else {
            for (long p = written - fromTail; p < written; p++) {
                out.write(tail[(int) (p % TAIL)]);
            }
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
