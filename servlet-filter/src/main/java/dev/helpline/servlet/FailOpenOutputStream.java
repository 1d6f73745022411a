package dev.helpline.servlet;

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
 * and keeps the host's last {@value #TAIL} bytes. When the rewriter fails, the bytes it was
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
    private final byte[] tail = new byte[TAIL];
    private long written;
    private boolean failed;

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
        String bodyStart;

        FragmentRecorder(PageWidget widget) {
            this.widget = widget;
        }

        @Override
        public String bodyStart(String htmlLang) {
            bodyStart = widget.bodyStart(htmlLang);
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
        public void otherNumber(String maskedNumber) {
            widget.otherNumber(maskedNumber);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failed) {
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

    /** Writes whatever the rewriter holds; the container's stream stays open. */
    void finish() throws IOException {
        if (!failed) {
            try {
                sink.finish();
            } catch (RuntimeException e) {
                recover(e, null, 0, 0);
            }
        }
    }

    private void keep(byte[] b, int off, int len) {
        if (len >= TAIL) {
            System.arraycopy(b, off + len - TAIL, tail, 0, TAIL);
            // the ring restarts at 0 so that index (written % TAIL) stays its write position
            rotateTo(written + len);
        } else {
            int at = (int) (written % TAIL);
            int first = Math.min(len, TAIL - at);
            System.arraycopy(b, off, tail, at, first);
            System.arraycopy(b, off + first, tail, 0, len - first);
        }
        written += len;
    }

    /** After a whole-ring copy to index 0, turn the ring so that its end lines up with {@code total % TAIL}. */
    private void rotateTo(long total) {
        int shift = (int) (total % TAIL);
        if (shift != 0) {
            byte[] copy = tail.clone();
            System.arraycopy(copy, 0, tail, shift, TAIL - shift);
            System.arraycopy(copy, TAIL - shift, tail, 0, shift);
        }
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
                ? widget.bodyStart.getBytes(charset == null ? StandardCharsets.UTF_8 : charset).length : 0);
        long held = written + len - sent;
        if (held <= 0) {
            return;
        }
        long fromTail = held - len;
        if (fromTail > Math.min(written, TAIL)) {
            HelplineFilter.LOG.log(System.Logger.Level.ERROR, "helpline: the rewriter failed holding " + fromTail
                    + " earlier bytes, more than can be replayed; the page is cut");
        } else if (fromTail > 0) {
            int n = (int) fromTail;
            int start = (int) ((written - n) % TAIL);
            int first = Math.min(n, TAIL - start);
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
        }
    }
}
