package dev.helpline.benchmarks;

import dev.helpline.core.html.HtmlRewriter;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One response through the rewriter, against the floor (allocate a byte[] and copy the
 * page: what any response wrapper costs at least) and a jsoup parse-and-serialize.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RewriterBenchmark {
    static final int WRITE = 8192;

    @Param({"10240", "102400", "1048576"})
    public int size;

    byte[] page;
    String fragment;
    HtmlRewriter rewriter;
    ArraySink reused;

    @Setup
    public void setup() {
        page = Pages.article(size);
        fragment = Pages.fragment();
        rewriter = new HtmlRewriter();
        reused = new ArraySink(new byte[page.length + fragment.length() * 8]);
    }

    /** An OutputStream into a byte[], like the container's response buffer. */
    static final class ArraySink extends OutputStream {
        final byte[] buf;
        int len;

        ArraySink(byte[] buf) {
            this.buf = buf;
        }

        @Override
        public void write(int b) {
            buf[len++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int n) {
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }
    }

    @Benchmark
    public byte[] floor() {
        byte[] copy = new byte[page.length];
        for (int i = 0; i < page.length; i += WRITE) {
            System.arraycopy(page, i, copy, i, Math.min(WRITE, page.length - i));
        }
        return copy;
    }

    @Benchmark
    public byte[] rewriter() throws IOException {
        ArraySink sink = new ArraySink(new byte[page.length + fragment.length()]);
        HtmlRewriter.RewritingOutputStream out = rewriter.rewrite(sink, StandardCharsets.UTF_8, fragment);
        for (int i = 0; i < page.length; i += WRITE) {
            out.write(page, i, Math.min(WRITE, page.length - i));
        }
        out.finish();
        return sink.buf;
    }

    /** The rewriter alone: the sink is reused, so -prof gc shows only what the rewriter allocates. */
    @Benchmark
    public int rewriterOnly() throws IOException {
        reused.len = 0;
        HtmlRewriter.RewritingOutputStream out = rewriter.rewrite(reused, StandardCharsets.UTF_8, fragment);
        for (int i = 0; i < page.length; i += WRITE) {
            out.write(page, i, Math.min(WRITE, page.length - i));
        }
        out.finish();
        return reused.len;
    }

    @Benchmark
    public byte[] jsoup() {
        Document doc = Jsoup.parse(new String(page, StandardCharsets.UTF_8));
        doc.body().prepend(fragment);
        return doc.outerHtml().getBytes(StandardCharsets.UTF_8);
    }
}
