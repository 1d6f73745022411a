package dev.helpline.benchmarks;

import dev.helpline.core.callback.FormToken;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;
import dev.helpline.core.render.FormState;
import dev.helpline.core.render.RenderContext;
import dev.helpline.core.render.Widgets;
import dev.helpline.servlet.FilterWriters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Writer path (JSP, template engines, {@code getWriter()}) beside the byte path: the
 * same page written as {@code String}s, either {@code one} large write or {@code prints} of
 * 50 chars (2,050 of them for the 100 KB page), into a container-like writer that copies
 * into a reused buffer.
 *
 * <ul>
 * <li>{@code floor}: the strings straight into the container, what any page costs.</li>
 * <li>{@code encodeFloor}: the strings encoded (UTF-8) into a container's stream by the
 * filter's encoder alone: what a writer that hands the container bytes costs before any
 * rewriting (a container's own writer encodes too; {@code floor} leaves that out).</li>
 * <li>{@code bytes}: the byte path's rewriter on the page's bytes (8 KB writes), for reference.</li>
 * <li>{@code rewritingWriter}: the core rewriter's char side alone.</li>
 * <li>{@code filterWriter}: the filter's Writer path as a rewritten response runs it: the
 * host's chars encoded (UTF-8) into the byte path (the rewriter's stream, failing open by itself), into a
 * container's stream.</li>
 * <li>{@code filterWriterBefore}: the filter's Writer path before it took the byte path (the
 * fail-open char side over the core rewriter's char side, into a container's writer), in the
 * same run.</li>
 * <li>{@code bytesRendered}, {@code filterWriterRendered}, {@code filterWriterBeforeRendered}:
 * the byte path and the filter's writer, now and before, with the real renderer ({@link Widgets#forResponse}, configured for the variant) and
 * what differs per response in production: a CSP nonce and a freshly signed form token.</li>
 * </ul>
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is what each allocates per response
 * (the container's buffer is reused).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WriterPathBenchmark {
    static final int PRINT = 50;

    @Param({"102400"})
    public int size;

    /** {@code one}: the page in one write; {@code prints}: in writes of 50 chars. */
    @Param({"one", "prints"})
    public String writes;

    /** {@code banner}: the body start only; {@code full}: numbers linked and the box placed too. */
    @Param({"banner", "full"})
    public String widget;

    byte[] page;
    String[] pieces;
    HtmlRewriter rewriter;
    PageWidget pageWidget;
    FilterWriters filter;
    Container container;
    RewriterBenchmark.ArraySink bytesSink;
    Widgets widgets;
    FormToken tokens;
    static final String NONCE = "r4nd0mN0nce+base64/A==";
    /** What the callback service signs into a token: profile, language, consent text's version. */
    static final String VIEW = "\nen\n0123456789abcdef0123456789abcdef";

    @Setup
    public void setup() {
        page = Pages.article(size);
        String text = new String(page, StandardCharsets.UTF_8);
        int each = writes.equals("one") ? text.length() : PRINT;
        pieces = new String[(text.length() + each - 1) / each];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = text.substring(i * each, Math.min(text.length(), (i + 1) * each));
        }
        boolean full = widget.equals("full");
        rewriter = full ? new HtmlRewriter(new HtmlRewriter.Options(3)) : new HtmlRewriter();
        pageWidget = full ? new RewriterBenchmark.FullWidget(Pages.fragment()) : PageWidget.bodyStartOnly(Pages.fragment());
        filter = new FilterWriters(rewriter, pageWidget);
        container = new Container(text.length() * 3 + 64 * 1024);
        bytesSink = new RewriterBenchmark.ArraySink(new byte[page.length * 3 + 64 * 1024]);
        Map<String, String> props = new HashMap<>(Map.of(
                "helpline.phone", RewriterBenchmark.FullWidget.NUMBER.display(),
                "helpline.operator.name", "Example Treatment Operator",
                "helpline.cta.stats-as-of", java.time.LocalDate.now().toString()));
        if (!full) {
            props.put("helpline.inline.enabled", "false");
            props.put("helpline.cta.enabled", "false");
        }
        widgets = Widgets.of(HelplineConfig.fromProperties(props), "");
        tokens = new FormToken(new byte[32], Duration.ofHours(2), Duration.ofSeconds(2));
    }

    /** The widget one response gets from the filter: the real renderer, a nonce, a fresh token. */
    PageWidget rendered() {
        return widgets.forResponse("/guides/article", "en-US,en;q=0.9",
                lang -> new RenderContext(NONCE, tokens.issue(Instant.now(), VIEW), FormState.NONE));
    }

    /** A container's writer: copies into its (reused) buffer. */
    static final class Container extends Writer {
        final char[] buf;
        int len;

        Container(int capacity) {
            buf = new char[capacity];
        }

        @Override
        public void write(int c) {
            buf[len++] = (char) c;
        }

        @Override
        public void write(char[] c, int off, int n) {
            System.arraycopy(c, off, buf, len, n);
            len += n;
        }

        @Override
        public void write(String s, int off, int n) {
            s.getChars(off, off + n, buf, len);
            len += n;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private int print(Writer w) throws IOException {
        for (String piece : pieces) {
            w.write(piece);
        }
        return container.len;
    }

    @Benchmark
    public int floor() throws IOException {
        container.len = 0;
        return print(container);
    }

    @Benchmark
    public int encodeFloor() throws IOException {
        bytesSink.len = 0;
        Writer w = filter.encoderOnly(bytesSink, StandardCharsets.UTF_8);
        print(w);
        w.close();
        return bytesSink.len;
    }

    @Benchmark
    public int bytes() throws IOException {
        bytesSink.len = 0;
        HtmlRewriter.RewritingOutputStream out = rewriter.rewrite(bytesSink, StandardCharsets.UTF_8, pageWidget);
        for (int i = 0; i < page.length; i += RewriterBenchmark.WRITE) {
            out.write(page, i, Math.min(RewriterBenchmark.WRITE, page.length - i));
        }
        out.finish();
        return bytesSink.len;
    }

    @Benchmark
    public int rewritingWriter() throws IOException {
        container.len = 0;
        HtmlRewriter.RewritingWriter w = rewriter.rewrite(container, pageWidget);
        print(w);
        w.finish();
        return container.len;
    }

    @Benchmark
    public int filterWriter() throws IOException {
        bytesSink.len = 0;
        Writer w = filter.now(bytesSink, StandardCharsets.UTF_8);
        print(w);
        w.close();
        return bytesSink.len;
    }

    @Benchmark
    public int filterWriterBefore() throws IOException {
        container.len = 0;
        Writer w = filter.before(container);
        print(w);
        w.close();
        return container.len;
    }

    @Benchmark
    public int bytesRendered() throws IOException {
        bytesSink.len = 0;
        HtmlRewriter.RewritingOutputStream out = rewriter.rewrite(bytesSink, StandardCharsets.UTF_8, rendered());
        for (int i = 0; i < page.length; i += RewriterBenchmark.WRITE) {
            out.write(page, i, Math.min(RewriterBenchmark.WRITE, page.length - i));
        }
        out.finish();
        return bytesSink.len;
    }

    @Benchmark
    public int filterWriterRendered() throws IOException {
        bytesSink.len = 0;
        Writer w = filter.now(bytesSink, StandardCharsets.UTF_8, rendered());
        print(w);
        w.close();
        return bytesSink.len;
    }

    @Benchmark
    public int filterWriterBeforeRendered() throws IOException {
        container.len = 0;
        Writer w = filter.before(container, rendered());
        print(w);
        w.close();
        return container.len;
    }
}
