package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * The seam between the response wrapper and the core rewriter: one rewriting stream per
 * response, byte side or char side. Production code adapts {@link HtmlRewriter}; tests put
 * a rewriter here that fails on purpose, to prove {@link FailOpenOutputStream} and
 * {@link FailOpenWriter} keep the host's page whole.
 */
interface PageRewriter {
    ByteSink bytes(OutputStream out, Charset charset, String fragment);

    CharSink chars(Writer out, String fragment);

    /** A rewriting byte stream: {@link #finish()} writes what it holds without closing its target. */
    abstract class ByteSink extends OutputStream {
        abstract void finish() throws IOException;

        abstract boolean injected();
    }

    /** A rewriting char stream: {@link #finish()} writes what it holds without closing its target. */
    abstract class CharSink extends Writer {
        abstract void finish() throws IOException;

        abstract boolean injected();
    }

    static PageRewriter of(HtmlRewriter rewriter) {
        return new PageRewriter() {
            @Override
            public ByteSink bytes(OutputStream out, Charset charset, String fragment) {
                HtmlRewriter.RewritingOutputStream s = rewriter.rewrite(out, charset, fragment);
                return new ByteSink() {
                    @Override
                    public void write(int b) throws IOException {
                        s.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        s.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        s.flush();
                    }

                    @Override
                    void finish() throws IOException {
                        s.finish();
                    }

                    @Override
                    boolean injected() {
                        return s.injected();
                    }
                };
            }

            @Override
            public CharSink chars(Writer out, String fragment) {
                HtmlRewriter.RewritingWriter w = rewriter.rewrite(out, fragment);
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
                };
            }
        };
    }
}
