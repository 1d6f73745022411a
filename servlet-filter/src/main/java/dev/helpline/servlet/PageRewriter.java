package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * The seam between the response wrapper and the core rewriter: one rewriting byte stream
 * per response (a page written through {@code getWriter()} reaches it encoded, see
 * {@link EncodingWriter}). Production code adapts {@link HtmlRewriter}; tests put a
 * rewriter here that fails on purpose, to prove {@link FailOpenOutputStream} keeps the
 * host's page whole.
 */
interface PageRewriter {
    ByteSink bytes(OutputStream out, Charset charset, String fragment);

    /** The page with everything the widget puts in it; rewriters that only know fragments get the body start. */
    default ByteSink bytes(OutputStream out, Charset charset, PageWidget widget) {
        return bytes(out, charset, widget.bodyStart(null));
    }

    /** A rewriting byte stream: {@link #finish()} writes what it holds without closing its target. */
    abstract class ByteSink extends OutputStream {
        abstract void finish() throws IOException;

        abstract boolean injected();

        /** How many of the host's bytes went out (or were replaced), or -1 when the sink cannot tell. */
        long hostBytesWritten() {
            return -1;
        }

        /** What the rewriter did with the page, once finished; {@code null} when the sink cannot tell. */
        dev.helpline.core.html.Outcome outcome() {
            return null;
        }

        /** Whether the sink holds nothing and every later write goes straight through; false when it cannot tell. */
        boolean passingThrough() {
            return false;
        }
    }

    static PageRewriter of(HtmlRewriter rewriter) {
        return new PageRewriter() {
            @Override
            public ByteSink bytes(OutputStream out, Charset charset, String fragment) {
                return bytes(out, charset, PageWidget.bodyStartOnly(fragment));
            }


            @Override
            public ByteSink bytes(OutputStream out, Charset charset, PageWidget widget) {
                HtmlRewriter.RewritingOutputStream s = rewriter.rewrite(out, charset, widget);
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

                    @Override
                    long hostBytesWritten() {
                        return s.hostBytesWritten();
                    }

                    @Override
                    boolean passingThrough() {
                        return s.passingThrough();
                    }

                    @Override
                    dev.helpline.core.html.Outcome outcome() {
                        return s.outcome();
                    }
                };
            }
        };
    }
}
