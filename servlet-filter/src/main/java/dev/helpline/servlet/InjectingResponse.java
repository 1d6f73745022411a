package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Routes a host's response through the rewriter when, at its first byte, it turns out to
 * be an HTML page the widget belongs on; otherwise stays out of the way.
 *
 * <p>Until that moment the wrapper holds back the two headers a rewrite invalidates:
 * {@code Content-Length} (in every form a host can set it) and a strong {@code ETag}.
 * When the page is rewritten the length is dropped (the container chunks or measures the
 * body) and the ETag weakened; when it is not, both are passed on untouched.
 *
 * <p>Not thread safe, like the response it wraps.
 */
final class InjectingResponse extends HttpServletResponseWrapper {
    private enum Mode { UNDECIDED, REWRITE, PASS }

    private final HttpServletResponse original;
    private final ResponseSelector selector;
    private final HtmlRewriter rewriter;
    /** Made when the page turns out to be rewritten: it may read the host's headers (a CSP nonce). */
    private final java.util.function.Supplier<String> fragment;
    private final Object optOutSource;

    private Mode mode = Mode.UNDECIDED;
    private String heldContentLength;
    private String heldEtag;

    private DecidingOutputStream stream;
    private PrintWriter writer;
    private HtmlRewriter.RewritingOutputStream rewritingStream;
    private HtmlRewriter.RewritingWriter rewritingWriter;

    InjectingResponse(HttpServletResponse response, ResponseSelector selector, HtmlRewriter rewriter,
                      java.util.function.Supplier<String> fragment, Object optOutSource) {
        super(response);
        this.original = response;
        this.selector = selector;
        this.rewriter = rewriter;
        this.fragment = fragment;
        this.optOutSource = optOutSource;
    }

    /** Whether the widget went into the page (known once the response is finished). */
    boolean injected() {
        return (rewritingStream != null && rewritingStream.injected())
                || (rewritingWriter != null && rewritingWriter.injected());
    }

    // ---- the decision --------------------------------------------------------------

    private void decide() {
        if (mode != Mode.UNDECIDED) {
            return;
        }
        boolean rewrite;
        try {
            rewrite = !original.isCommitted() && selector.wantsResponse(getStatus(), getContentType(),
                    getHeader("Content-Encoding"), getHeader("Content-Disposition"), getHeader("Content-Range"),
                    optOutSource instanceof jakarta.servlet.ServletRequest r
                            ? r.getAttribute(ResponseSelector.OPT_OUT_ATTRIBUTE) : null);
        } catch (RuntimeException e) {
            HelplineFilter.LOG.log(System.Logger.Level.WARNING, "helpline: leaving a response alone: " + e);
            rewrite = false;
        }
        decide(rewrite ? Mode.REWRITE : Mode.PASS);
    }

    private void decide(Mode decided) {
        mode = decided;
        if (decided == Mode.PASS) {
            if (heldContentLength != null) {
                original.setHeader("Content-Length", heldContentLength);
            }
            if (heldEtag != null) {
                original.setHeader("ETag", heldEtag);
            }
        } else if (heldEtag != null) {
            // The body differs from the one the host's validator describes: only a weak
            // validator may still stand for it (RFC 9110 §8.8.1).
            original.setHeader("ETag", heldEtag.startsWith("W/") ? heldEtag : "W/" + heldEtag);
        }
        heldContentLength = null;
        heldEtag = null;
    }

    private boolean rewriting() {
        decide();
        return mode == Mode.REWRITE;
    }

    /** Ends the page: writes whatever the rewriter still holds. Called after the chain. */
    void finish() throws IOException {
        if (mode == Mode.UNDECIDED) {
            // The host wrote no body (HEAD, 204, an empty page): nothing to rewrite.
            decide(Mode.PASS);
        }
        if (writer != null) {
            writer.flush();
        }
        if (rewritingWriter != null) {
            rewritingWriter.finish();
            rewritingWriter.flush();
        }
        if (rewritingStream != null) {
            rewritingStream.finish();
            rewritingStream.flush();
        }
    }

    // ---- headers held back until the decision ---------------------------------------

    private boolean intercept(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            if (mode == Mode.PASS) {
                return false;
            }
            if (mode == Mode.UNDECIDED) {
                heldContentLength = value;
            }
            return true; // REWRITE: the rewritten body has another length
        }
        if ("ETag".equalsIgnoreCase(name) && mode == Mode.UNDECIDED) {
            heldEtag = value;
            return true;
        }
        if ("ETag".equalsIgnoreCase(name) && mode == Mode.REWRITE && value != null && !value.startsWith("W/")) {
            original.setHeader("ETag", "W/" + value);
            return true;
        }
        return false;
    }

    @Override
    public void setContentLength(int len) {
        if (!intercept("Content-Length", Integer.toString(len))) {
            super.setContentLength(len);
        }
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!intercept("Content-Length", Long.toString(len))) {
            super.setContentLengthLong(len);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (!intercept(name, value)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!intercept(name, value)) {
            super.addHeader(name, value);
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

    @Override
    public boolean containsHeader(String name) {
        if ("Content-Length".equalsIgnoreCase(name) && heldContentLength != null) {
            return true;
        }
        if ("ETag".equalsIgnoreCase(name) && heldEtag != null) {
            return true;
        }
        return super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        if ("Content-Length".equalsIgnoreCase(name) && heldContentLength != null) {
            return heldContentLength;
        }
        if ("ETag".equalsIgnoreCase(name) && heldEtag != null) {
            return heldEtag;
        }
        return super.getHeader(name);
    }

    // ---- what ends the chance of a body we would rewrite ----------------------------

    @Override
    public void sendError(int sc, String msg) throws IOException {
        decideNotToRewrite();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        decideNotToRewrite();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        decideNotToRewrite();
        super.sendRedirect(location);
    }

    private void decideNotToRewrite() {
        if (mode == Mode.UNDECIDED) {
            decide(Mode.PASS);
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        } else if (stream != null) {
            stream.flush();
        } else {
            decide();
        }
        super.flushBuffer();
    }

    @Override
    public void reset() {
        super.reset();
        resetState();
        heldContentLength = null;
        heldEtag = null;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        resetState();
    }

    /** After a reset the host starts its body again; so does the decision. */
    private void resetState() {
        if (mode == Mode.PASS && heldContentLength == null) {
            mode = Mode.UNDECIDED;
        } else if (mode == Mode.REWRITE) {
            mode = Mode.UNDECIDED;
        }
        rewritingStream = null;
        rewritingWriter = null;
        if (stream != null) {
            stream.target = null;
        }
        if (writer != null) {
            writerTarget.target = null;
        }
    }

    // ---- the body ----------------------------------------------------------------------

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            // Ask the container first, so that mixing with getWriter() fails as it would.
            ServletOutputStream real = super.getOutputStream();
            stream = new DecidingOutputStream(real);
        }
        return stream;
    }

    private DecidingWriter writerTarget;

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter real = super.getWriter();
            writerTarget = new DecidingWriter(real);
            writer = new PrintWriter(writerTarget, false);
        }
        return writer;
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
            if (target == null) {
                if (rewriting()) {
                    rewritingStream = rewriter.rewrite(real, declaredCharset(), fragment.get());
                    target = rewritingStream;
                } else {
                    target = real;
                }
            }
            return target;
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
            OutputStream t = target();
            if (t == rewritingStream) {
                rewritingStream.finish();
            }
            real.close();
        }

        @Override
        public boolean isReady() {
            return real.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            real.setWriteListener(listener);
        }
    }

    /** The host's char stream: decides at the first char, then writes to its target. */
    private final class DecidingWriter extends Writer {
        private final PrintWriter real;
        private Writer target;

        DecidingWriter(PrintWriter real) {
            this.real = real;
        }

        private Writer target() {
            if (target == null) {
                if (rewriting()) {
                    rewritingWriter = rewriter.rewrite(real, fragment.get());
                    target = rewritingWriter;
                } else {
                    target = real;
                }
            }
            return target;
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
        public void flush() throws IOException {
            target().flush();
            real.flush();
        }

        @Override
        public void close() throws IOException {
            Writer t = target();
            if (t == rewritingWriter) {
                rewritingWriter.finish();
            }
            real.close();
        }
    }

    @Override
    public String toString() {
        return "InjectingResponse[" + mode.name().toLowerCase(Locale.ROOT) + "]";
    }
}
