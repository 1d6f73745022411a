package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * Opens the filter's Writer path to the benchmarks: what a rewritten response hands the
 * host's characters to, now (encoded in the response's charset into the rewriter's byte
 * stream, which fails open by itself, over the container's stream) and before (the fail-open char side over the container's writer).
 * {@link Writer#close()} ends the page (as the filter's finish does) and leaves the
 * container's stream or writer open.
 */
public final class FilterWriters {
    private final HtmlRewriter rewriter;
    private final PageWidget widget;
    /** As the filter keeps one: each response borrows the encoder's buffers and gives them back. */
    private final EncodingWriter.Pool encoders = new EncodingWriter.Pool();

    public FilterWriters(HtmlRewriter rewriter, PageWidget widget) {
        this.rewriter = rewriter;
        this.widget = widget;
    }

    /** The filter's writer for a page in {@code charset} over the container's stream. */
    public Writer now(OutputStream container, Charset charset) {
        return now(container, charset, widget);
    }

    /** As {@link #now(OutputStream, Charset)}, for a response with its own widget. */
    public Writer now(OutputStream container, Charset charset, PageWidget responseWidget) {
        HtmlRewriter.RewritingOutputStream bytes = rewriter.rewrite(container, charset, new CountingWidget(responseWidget));
        EncodingWriter encoder = new EncodingWriter(bytes, charset, encoders);
        return new Writer() {
            @Override
            public void write(char[] c, int off, int len) throws IOException {
                encoder.write(c, off, len);
            }

            @Override
            public void write(String s, int off, int len) throws IOException {
                encoder.write(s, off, len);
            }

            @Override
            public void write(int c) throws IOException {
                encoder.write(c);
            }

            @Override
            public void flush() throws IOException {
                encoder.flush();
            }

            @Override
            public void close() throws IOException {
                encoder.finish();
                bytes.finish();
                encoder.release();
            }
        };
    }

    /**
     * The filter's encoder alone, over the container's stream: what any writer that hands a
     * container bytes must do (the container's own writer encodes too), without the rewriter.
     */
    public Writer encoderOnly(OutputStream container, Charset charset) {
        EncodingWriter encoder = new EncodingWriter(container, charset, encoders);
        return new Writer() {
            @Override
            public void write(char[] c, int off, int len) throws IOException {
                encoder.write(c, off, len);
            }

            @Override
            public void write(String s, int off, int len) throws IOException {
                encoder.write(s, off, len);
            }

            @Override
            public void flush() throws IOException {
                encoder.flush();
            }

            @Override
            public void close() throws IOException {
                encoder.finish();
                encoder.release();
            }
        };
    }

    /** The filter's writer before the Writer path took the byte path. */
    public Writer before(Writer container) {
        return new FailOpenWriterBefore(container, rewriter, widget);
    }

    /** As {@link #before(Writer)}, for a response with its own widget. */
    public Writer before(Writer container, PageWidget responseWidget) {
        return new FailOpenWriterBefore(container, rewriter, responseWidget);
    }
}
