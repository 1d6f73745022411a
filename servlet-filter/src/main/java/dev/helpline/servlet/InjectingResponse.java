package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Routes a host's response through the rewriter when, at its first body byte (or the first
 * flush), it turns out to be an HTML page the widget belongs on; otherwise stays out of the
 * way.
 *
 * <p>Until that moment the wrapper holds back the two headers a rewrite invalidates:
 * {@code Content-Length} (in every form a host can set it) and the {@code ETag}. When the
 * page is rewritten the length is dropped (the container chunks the body) and a strong
 * ETag is weakened; when it is not, both reach the container exactly as the host set them.
 *
 * <p>A page written through {@code getWriter()} is rewritten as bytes: the host gets a
 * writer that encodes its characters in the response's charset ({@link EncodingWriter}) into
 * the byte path a {@code getOutputStream()} page takes. The container's writer is not asked
 * for until the decision: a page that passes gets it, untouched; a rewritten page gets the
 * container's stream instead, so the wrapper keeps the rules the container's
 * {@code getWriter()} would have set: the charset is fixed when the host asks for the
 * writer (later {@code setCharacterEncoding}, charsets in {@code setContentType} and
 * {@code setLocale} change nothing), the Content-Type names it, and asking for the stream
 * after the writer, or the writer after the stream, is an {@link IllegalStateException}.
 *
 * <p>What the container does it keeps doing: {@code reset()}, {@code resetBuffer()},
 * {@code sendError} and {@code sendRedirect} reach the container and also discard what the
 * rewriter was holding, so nothing of the abandoned body is written after the new one.
 *
 * <p>Not thread safe, like the response it wraps; {@link #finish()} may be called from the
 * thread that completes an asynchronous request.
 */
final class InjectingResponse extends HttpServletResponseWrapper {
    private enum Mode { UNDECIDED, REWRITE, PASS }

    private final HttpServletResponse original;
    private final ResponseSelector selector;
    private final HtmlRewriter rewriter;
    /**
     * What goes into the page (body start, inline numbers, CTA box), made when the page turns
     * out to be rewritten (it may read the host's headers, a CSP nonce). The renderer writes
     * its fragments in ASCII, so they suit whatever charset the page has.
     */
    private final Supplier<PageWidget> widget;
    private final HttpServletRequest request;
    /** Lends the encoder a rewritten writer page needs. */
    private final EncodingWriter.Pool encoders;

    private Mode mode = Mode.UNDECIDED;
    /** The host's Content-Length, whatever we did with it; null when it set none. */
    private String hostLength;
    /** The Content-Length the container carries because of us or the host; null when none. */
    private String containerLength;
    /** The host's ETag, whatever we did with it; null when it set none. */
    private String hostEtag;

    private DecidingOutputStream stream;
    private DecidingWriter writerTarget;
    private PrintWriter writer;
    /** The charset the host's writer encodes in, fixed when it asked for the writer; null until then. */
    private String writerEncoding;
    /** The rewritten page's stream (it fails open by itself: see {@link HtmlRewriter.RewritingOutputStream}); null unless the page is rewritten. */
    private HtmlRewriter.RewritingOutputStream page;
    /** What went into {@link #page}, for the listener. */
    private CountingWidget pageWidget;
    /** Why the last decision was what it was. */
    private ResponseSelector.Reason reason = ResponseSelector.Reason.UNDECIDED;
    /** An error or a redirect replaced the body: nothing of ours is written any more. */
    private boolean abandoned;
    /**
     * A forward or an async dispatch is on its way. Unless the filter meets it (it is mapped
     * for that dispatch type) and calls {@link #dispatchArrived()}, the page written there
     * passes unchanged: nobody would be there to finish it, and on Tomcat 11 the container
     * finishes a forwarded response underneath every wrapper.
     */
    private boolean dispatchPending;
    /** finish() ran: the page is complete (a FORWARD pass and then the REQUEST pass both ask). */
    private boolean finished;
    /** Told what became of a rewritten page when it is finished. */
    private HelplineListener listener = HelplineListener.NONE;

    InjectingResponse(HttpServletResponse response, ResponseSelector selector, HtmlRewriter rewriter,
                      Supplier<PageWidget> widget, HttpServletRequest request,
                      EncodingWriter.Pool encoders) {
        super(response);
        this.encoders = encoders;
        this.original = response;
        this.selector = selector;
        this.rewriter = rewriter;
        this.widget = widget;
        this.request = request;
    }

    /** Tells {@code listener} what became of the page once it is finished; returns this. */
    InjectingResponse listener(HelplineListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Whether the widget went into the page (known once the response is finished). */
    synchronized boolean injected() {
        return page != null && page.injected();
    }

    // ---- the decision --------------------------------------------------------------

    private void decide() {
        if (mode != Mode.UNDECIDED) {
            return;
        }
        ResponseSelector.Reason why;
        if (original.isCommitted()) {
            why = ResponseSelector.Reason.COMMITTED;
        } else if (dispatchPending) {
            why = ResponseSelector.Reason.DISPATCH_PENDING;
        } else {
            try {
                why = selector.wantsResponse(getStatus(), getContentType(), getHeader("Content-Encoding"),
                        getHeader("Content-Disposition"), getHeader("Content-Range"), optOut());
            } catch (RuntimeException e) {
                HelplineFilter.LOG.log(System.Logger.Level.WARNING, "helpline: leaving a response alone: " + e);
                why = ResponseSelector.Reason.SELECTOR_FAILED;
            }
        }
        pass(why);
    }

    /** Decides as {@code why} says; a reason to pass is logged at debug with the path. */
    private void pass(ResponseSelector.Reason why) {
        reason = why;
        if (why != ResponseSelector.Reason.REWRITE && request != null
                && HelplineFilter.LOG.isLoggable(System.Logger.Level.DEBUG)) {
            HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: passing " + request.getRequestURI()
                    + " through: " + why.description());
        }
        apply(why == ResponseSelector.Reason.REWRITE ? Mode.REWRITE : Mode.PASS);
    }

    private Object optOut() {
        ServletRequest r = request;
        return r == null ? null : r.getAttribute(ResponseSelector.OPT_OUT_ATTRIBUTE);
    }

    /** Puts the held headers on the container as the decision requires. */
    private void apply(Mode decided) {
        mode = decided;
        if (decided == Mode.PASS) {
            if (!Objects.equals(hostLength, containerLength)) {
                if (hostLength == null) {
                    original.setContentLengthLong(-1);
                } else {
                    original.setHeader("Content-Length", hostLength);
                }
                containerLength = hostLength;
            }
            if (hostEtag != null) {
                original.setHeader("ETag", clientHoldsOurWeakTag() ? weak(hostEtag) : hostEtag);
            }
        } else {
            if (containerLength != null) {
                // Released in an earlier round (before a resetBuffer): -1 means "unknown" to both containers.
                original.setContentLengthLong(-1);
                containerLength = null;
            }
            if (hostEtag != null) {
                // The body differs from the one the host's validator describes: only a weak
                // validator may still stand for it (RFC 9110 §8.8.1).
                original.setHeader("ETag", weak(hostEtag));
            }
        }
    }

    /**
     * A 304 confirms the representation the client holds. When the client holds our
     * rewritten page (it asks with the weak tag we gave it), the 304 must carry that same
     * weak tag, or the client's cache would take the host's strong one for our body.
     */
    private boolean clientHoldsOurWeakTag() {
        if (getStatus() != HttpServletResponse.SC_NOT_MODIFIED || hostEtag.startsWith("W/")) {
            return false;
        }
        String inm = request.getHeader("If-None-Match");
        return inm != null && inm.contains(weak(hostEtag));
    }

    /** A forward or an async dispatch of this request is starting (see {@link #dispatchPending}). */
    synchronized void dispatchStarting() {
        if (mode == Mode.UNDECIDED) {
            dispatchPending = true;
        }
    }

    /** The filter met the dispatch and will finish the page at its end. */
    synchronized void dispatchArrived() {
        dispatchPending = false;
    }

    private static String weak(String etag) {
        return etag.startsWith("W/") ? etag : "W/" + etag;
    }

    /**
     * Ends the page: writes whatever the rewriter still holds. Called after the chain, or
     * by the asynchronous context before it completes. The container's streams stay open.
     */
    synchronized void finish() throws IOException {
        if (abandoned || finished) {
            // After sendError/sendRedirect the container writes its page once the chain returns;
            // a flush from us now would commit an empty body before it.
            return;
        }
        finished = true;
        if (mode == Mode.UNDECIDED) {
            if ("HEAD".equals(request.getMethod())) {
                // A HEAD carries the headers a GET would: decide as if the body had started.
                decide();
            } else {
                // No body (204, an empty page, a handler that wrote nothing): nothing to rewrite.
                pass(ResponseSelector.Reason.NO_BODY);
            }
        }
        if (writerTarget != null) {
            writerTarget.endOfPage();
        }
        if (page != null) {
            page.finish();
            page.flush();
        }
        if (writerTarget != null) {
            writerTarget.release();
        }
        report();
    }

    /**
     * The host failed (an exception is on its way out of the chain): what the host's writer
     * still holds goes into the page, as the characters a container's writer buffered would
     * reach its response, for the container to send or discard as it would without us.
     */
    synchronized void hostFailed() {
        if (writerTarget != null && !abandoned) {
            writerTarget.handOn();
        }
    }

    /** Tells the listener about a page that went through the rewriter; a listener's failure is only logged. */
    private void report() {
        if (page == null) {
            return;
        }
        try {
            listener.pageFinished(page.outcome(), pageWidget.numbersLinked(), pageWidget.boxesPlaced());
        } catch (RuntimeException e) {
            HelplineFilter.LOG.log(System.Logger.Level.WARNING, "helpline: a listener failed: " + e);
        }
    }

    // ---- headers held back until the decision ---------------------------------------

    /** @return true when the header must not reach the container as given */
    private boolean intercept(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            if (original.isCommitted()) {
                return false; // the container ignores it, as it would without us
            }
            hostLength = value;
            if (mode == Mode.PASS) {
                containerLength = value;
                return false;
            }
            return true; // held (undecided) or dropped (rewritten: another length)
        }
        if ("ETag".equalsIgnoreCase(name)) {
            if (original.isCommitted()) {
                return false;
            }
            hostEtag = value;
            if (mode == Mode.REWRITE && value != null) {
                original.setHeader("ETag", weak(value));
                return true;
            }
            return mode == Mode.UNDECIDED;
        }
        return false;
    }

    @Override
    public void setContentLength(int len) {
        if (!intercept("Content-Length", len < 0 ? null : Integer.toString(len))) {
            super.setContentLength(len);
        }
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!intercept("Content-Length", len < 0 ? null : Long.toString(len))) {
            super.setContentLengthLong(len);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (writerEncoding != null && "Content-Type".equalsIgnoreCase(name)) {
            setContentType(value);
        } else if (!intercept(name, value)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (writerEncoding != null && "Content-Type".equalsIgnoreCase(name)) {
            setContentType(value);
        } else if (!intercept(name, value)) {
            super.addHeader(name, value);
        }
    }

    // ---- the charset, fixed once the host has the writer --------------------------------
    // The container fixes it in its own getWriter(); a rewritten page never calls that (it
    // takes the container's stream), so the wrapper keeps the rule itself.

    @Override
    public void setCharacterEncoding(String charset) {
        if (writerEncoding == null) {
            super.setCharacterEncoding(charset);
        }
    }

    @Override
    public void setContentType(String type) {
        if (writerEncoding == null || type == null) {
            super.setContentType(type);
            return;
        }
        super.setContentType(ResponseSelector.withoutCharset(type));
        keepWriterEncoding();
    }

    @Override
    public void setLocale(Locale locale) {
        super.setLocale(locale);
        if (writerEncoding != null) {
            keepWriterEncoding();
        }
    }

    /** Puts the writer's charset back when a call changed the container's. */
    private void keepWriterEncoding() {
        if (!writerEncoding.equalsIgnoreCase(super.getCharacterEncoding())) {
            super.setCharacterEncoding(writerEncoding);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (!intercept(name, Integer.toString(value))) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (!intercept(name, Integer.toString(value))) {
            super.addIntHeader(name, value);
        }
    }

    // The host sees the headers it set, whatever reached the container.

    @Override
    public boolean containsHeader(String name) {
        if (held(name) != null) {
            return true;
        }
        return super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        String held = held(name);
        return held != null ? held : super.getHeader(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        String held = held(name);
        return held != null ? List.of(held) : super.getHeaders(name);
    }

    private String held(String name) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            return hostLength;
        }
        if ("ETag".equalsIgnoreCase(name)) {
            return hostEtag;
        }
        return null;
    }

    // ---- what abandons the body so far -----------------------------------------------

    @Override
    public void sendError(int sc, String msg) throws IOException {
        abandonBody(true);
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        abandonBody(true);
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        abandonBody(true);
        super.sendRedirect(location);
    }

    @Override
    public void reset() {
        super.reset(); // throws IllegalStateException when committed, before we change anything
        abandonBody(false);
        // The container forgets which of writer and stream was used, and the writer's charset:
        // ask it again on the next call.
        stream = null;
        writer = null;
        writerTarget = null;
        writerEncoding = null;
        mode = Mode.UNDECIDED;
        reason = ResponseSelector.Reason.UNDECIDED;
        hostLength = null;
        hostEtag = null;
        containerLength = null;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer(); // throws IllegalStateException when committed
        abandonBody(false);
        mode = Mode.UNDECIDED;
    }

    /**
     * Drops what the rewriter holds and points the host's streams back at the container.
     *
     * @param forGood the response is an error or a redirect now: the host's headers reach
     *                the container as they would without us, and no body of ours follows
     */
    private synchronized void abandonBody(boolean forGood) {
        if (original.isCommitted()) {
            return; // the container will refuse the call itself; our state is no longer ours to change
        }
        page = null;
        if (forGood && writerTarget != null) {
            writerTarget.containerWriterForErrorPage();
        }
        if (stream != null) {
            stream.target = null;
        }
        if (writerTarget != null) {
            writerTarget.target = null;
        }
        if (forGood) {
            pass(ResponseSelector.Reason.REPLACED);
            abandoned = true;
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        // Headers go out now: decide with the headers as they are.
        if (writer != null) {
            writer.flush();
        } else if (stream != null) {
            stream.flush();
        } else {
            decide();
        }
        super.flushBuffer();
    }

    // ---- the body ----------------------------------------------------------------------

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            // The container's writer may not have been asked for yet: refuse as it would.
            throw new IllegalStateException("getWriter() has already been called for this response");
        }
        if (stream == null) {
            // Ask the container first, so that mixing with getWriter() fails as it would.
            stream = new DecidingOutputStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                return super.getWriter(); // the container refuses in its own way
            }
            // The charset the container's writer would encode in, resolved as it would now
            // (setCharacterEncoding, a charset in the Content-Type, setLocale, the
            // application's default); from here on it is fixed.
            String encoding = super.getCharacterEncoding();
            Charset charset = supported(encoding);
            if (charset == null) {
                // Not one this JVM can encode: the container decides what that means.
                PrintWriter real = super.getWriter();
                pass(ResponseSelector.Reason.UNSUPPORTED_CHARSET);
                writerTarget = new DecidingWriter(null);
                writerTarget.container = real;
                writerTarget.target = real;
            } else {
                writerEncoding = encoding;
                writerTarget = new DecidingWriter(charset);
            }
            writer = new PrintWriter(writerTarget, false);
        }
        return writer;
    }

    /**
     * The rewritten page's pipeline over {@code container}: the core rewriter, with this
     * response's widget. It keeps the page whole by itself when its scanning or the widget
     * fails; should the widget not even be made, the page passes untouched.
     */
    private OutputStream rewriting(OutputStream container, Charset charset) {
        try {
            pageWidget = new CountingWidget(widget.get());
            page = rewriter.rewrite(container, charset, pageWidget);
            return page;
        } catch (RuntimeException e) {
            HelplineFilter.LOG.log(System.Logger.Level.WARNING, "helpline: passing a page through, its widget"
                    + " could not be made: " + e);
            page = null;
            return container;
        }
    }

    private static Charset supported(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Charset declaredCharset() {
        String name = ResponseSelector.declaredCharset(getContentType());
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The host's byte stream: decides at the first byte, then writes to its target. */
    private final class DecidingOutputStream extends ServletOutputStream {
        private final ServletOutputStream real;
        private OutputStream target;

        DecidingOutputStream(ServletOutputStream real) {
            this.real = real;
        }

        private OutputStream target() {
            OutputStream t = target;
            return t != null ? t : decideTarget();
        }

        private OutputStream decideTarget() {
            synchronized (InjectingResponse.this) {
                if (target == null) {
                    decide();
                    if (mode == Mode.REWRITE) {
                        target = rewriting(real, declaredCharset());
                    } else {
                        target = real;
                    }
                }
                return target;
            }
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }

        @Override
        public void close() throws IOException {
            if (target() == page && page != null) {
                page.finish();
            }
            real.close();
        }

        @Override
        public boolean isReady() {
            return real.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            synchronized (InjectingResponse.this) {
                // Non-blocking writes and a rewriter that holds bytes do not mix: such a body passes untouched.
                if (mode == Mode.UNDECIDED) {
                    pass(ResponseSelector.Reason.NON_BLOCKING);
                }
            }
            real.setWriteListener(listener);
        }
    }

    /**
     * The host's char stream: decides at the first char (or flush), then writes to the
     * container's own writer (a page that passes) or to an {@link EncodingWriter} into the
     * byte path (a rewritten page).
     */
    private final class DecidingWriter extends Writer {
        /** The charset fixed at getWriter(); null when the JVM cannot encode it (the container's writer then). */
        private final Charset charset;
        /** The container's writer, once asked for. */
        private PrintWriter container;
        /** The container's stream, asked for at the first byte that must reach it; null unless a page was rewritten. */
        private ContainerStream containerStream;
        /** The encoder in front of the byte path, when the page is encoded here. */
        private EncodingWriter encoder;
        private Writer target;

        DecidingWriter(Charset charset) {
            this.charset = charset;
        }

        private Writer target() throws IOException {
            Writer t = target;
            return t != null ? t : decideTarget();
        }

        private Writer decideTarget() throws IOException {
            synchronized (InjectingResponse.this) {
                if (target != null) {
                    return target;
                }
                encoder = null;
                if (container != null) {
                    // The container's writer is out already (a pass, or an error page, before
                    // a resetBuffer): its stream is no longer ours to take.
                    if (mode == Mode.UNDECIDED) {
                        pass(ResponseSelector.Reason.WRITER_TAKEN);
                    }
                    target = container;
                    return target;
                }
                decide();
                if (mode == Mode.REWRITE) {
                    // The Content-Type names the charset, as after the container's getWriter().
                    InjectingResponse.super.setCharacterEncoding(writerEncoding);
                    if (containerStream == null) {
                        containerStream = new ContainerStream();
                    }
                    encoder = new EncodingWriter(rewriting(containerStream, charset), charset, encoders);
                    target = encoder;
                } else if (containerStream != null && containerStream.taken()) {
                    // Rewritten before a resetBuffer, and the container's stream is out: encode here.
                    encoder = new EncodingWriter(containerStream, charset, encoders);
                    target = encoder;
                } else {
                    container = InjectingResponse.super.getWriter();
                    target = container;
                }
                return target;
            }
        }

        /**
         * An error page or a redirect replaces the body: unless the container's stream is out
         * already, the container gets its writer asked for, as without us, so that it writes
         * its page in the charset the host's writer fixed.
         */
        void containerWriterForErrorPage() {
            if (container != null || (containerStream != null && containerStream.taken())) {
                return;
            }
            try {
                container = InjectingResponse.super.getWriter();
            } catch (IOException | RuntimeException e) {
                HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: the container's writer: " + e);
            }
        }

        /** What the encoder holds goes on (no flush); see {@link InjectingResponse#hostFailed()}. */
        void handOn() {
            if (target != null && target == encoder) {
                try {
                    encoder.handOn();
                } catch (IOException | RuntimeException e) {
                    HelplineFilter.LOG.log(System.Logger.Level.DEBUG, "helpline: handing on a failed host's page: " + e);
                }
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            target().write(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            target().write(str, off, len);
        }

        @Override
        public void write(int c) throws IOException {
            target().write(c);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }

        /** The host is done: what the encoder holds goes on; a container's writer is flushed. */
        void endOfPage() throws IOException {
            Writer t = target();
            if (t == encoder) {
                encoder.finish();
                if (encoder.out() != page) {
                    encoder.out().flush();
                }
            } else {
                t.flush();
            }
        }

        /** The page is complete: the encoder's buffers go back to the pool. */
        void release() {
            if (encoder != null) {
                encoder.release();
            }
        }

        @Override
        public void close() throws IOException {
            Writer t = target();
            if (t == encoder) {
                encoder.finish();
                if (encoder.out() == page && page != null) {
                    page.finish();
                }
                encoder.release();
                containerStream.close();
            } else {
                t.close();
            }
        }
    }

    /**
     * The container's stream under a rewritten writer page, asked for when the first byte
     * must reach it: until then the container has given out neither writer nor stream, so an
     * error page that replaces a partly written page is written as it would be without us.
     */
    private final class ContainerStream extends OutputStream {
        private ServletOutputStream real;

        private ServletOutputStream real() throws IOException {
            if (real == null) {
                real = InjectingResponse.super.getOutputStream();
            }
            return real;
        }

        boolean taken() {
            return real != null;
        }

        @Override
        public void write(int b) throws IOException {
            real().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            real().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            real().flush();
        }

        @Override
        public void close() throws IOException {
            real().close();
        }
    }

    @Override
    public String toString() {
        return "InjectingResponse[" + mode.name().toLowerCase(Locale.ROOT) + ": " + reason.description() + "]";
    }
}
