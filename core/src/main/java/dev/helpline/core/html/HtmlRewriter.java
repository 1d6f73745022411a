package dev.helpline.core.html;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Writes the widget into HTML pages as they stream by. Built once per widget, shared by
 * every response; each response gets its own {@link #rewrite(OutputStream, Charset)} or
 * {@link #rewrite(Writer)} stream.
 *
 * <pre>{@code
 * HtmlRewriter rewriter = new HtmlRewriter();
 * try (OutputStream out = rewriter.rewrite(socketOut, UTF_8, widget.bodyStart())) {
 *     out.write(page);
 * }
 * }</pre>
 *
 * <p>Thread safe; the streams it answers are not.
 */
public final class HtmlRewriter {
    public HtmlRewriter() {
    }

    /**
     * A stream that rewrites bytes and writes them to {@code out}.
     *
     * @param charset   the page's charset from its Content-Type, or {@code null} when it
     *                  declared none (then a BOM or {@code <meta charset>} decides)
     * @param bodyStart the fragment to write where the page's body begins
     */
    public RewritingOutputStream rewrite(OutputStream out, Charset charset, String bodyStart) {
        return new RewritingOutputStream(out, charset == null ? java.nio.charset.StandardCharsets.UTF_8 : charset, bodyStart);
    }

    /** A writer that rewrites characters and writes them to {@code out}. */
    public RewritingWriter rewrite(Writer out, String bodyStart) {
        return new RewritingWriter(out, bodyStart);
    }

    // Placeholder until the streaming tokenizer lands: buffers the page.
    static int insertionPoint(String page) {
        int body = page.toLowerCase(Locale.ROOT).indexOf("<body");
        if (body < 0) {
            return -1;
        }
        int end = page.indexOf('>', body);
        return end < 0 ? -1 : end + 1;
    }

    /** Byte side. {@link #finish()} ends the page without closing {@code out}. */
    public static final class RewritingOutputStream extends OutputStream {
        private final OutputStream out;
        private final Charset charset;
        private final String fragment;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean finished;
        private boolean injected;

        RewritingOutputStream(OutputStream out, Charset charset, String fragment) {
            this.out = out;
            this.charset = charset;
            this.fragment = fragment;
        }

        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        /** Writes whatever is held back; further writes are an error. */
        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            byte[] page = buffer.toByteArray();
            String text = new String(page, charset);
            int at = insertionPoint(text);
            if (at < 0) {
                out.write(page);
            } else {
                out.write(text.substring(0, at).getBytes(charset));
                out.write(fragment.getBytes(charset));
                out.write(text.substring(at).getBytes(charset));
                injected = true;
            }
        }

        /** Whether the widget was written into the page (known after {@link #finish()}). */
        public boolean injected() {
            return injected;
        }

        @Override
        public void flush() throws IOException {
            // Held back until finish() in this buffering version.
        }

        @Override
        public void close() throws IOException {
            finish();
            out.close();
        }
    }

    /** Char side. {@link #finish()} ends the page without closing {@code out}. */
    public static final class RewritingWriter extends Writer {
        private final Writer out;
        private final String fragment;
        private final StringBuilder buffer = new StringBuilder();
        private boolean finished;
        private boolean injected;

        RewritingWriter(Writer out, String fragment) {
            this.out = out;
            this.fragment = fragment;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            buffer.append(cbuf, off, len);
        }

        public void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            String text = buffer.toString();
            int at = insertionPoint(text);
            if (at < 0) {
                out.write(text);
            } else {
                out.write(text, 0, at);
                out.write(fragment);
                out.write(text, at, text.length() - at);
                injected = true;
            }
        }

        public boolean injected() {
            return injected;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() throws IOException {
            finish();
            out.close();
        }
    }
}
