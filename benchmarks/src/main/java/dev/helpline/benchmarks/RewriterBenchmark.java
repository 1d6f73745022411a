package dev.helpline.benchmarks;

import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.PageWidget;
import dev.helpline.core.phone.PhoneNumber;
import dev.helpline.core.render.RenderContext;
import dev.helpline.core.render.Widgets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One response through the rewriter, against the floor (allocate a byte[] and copy the
 * page: what any response wrapper costs at least) and a jsoup parse-and-serialize.
 *
 * <p>The {@code full*} benchmarks are the full-page path: inline numbers on (the page's
 * number, in every paragraph, is the helpline's, so every paragraph gets a link and a
 * trigger, the worst case), the CTA box after the third paragraph of the article; against
 * a jsoup DOM + regex baseline doing the same.
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
    HtmlRewriter fullRewriter;
    PageWidget fullWidget;
    ArraySink fullReused;
    /** The full path's output length: {@link #full()} allocates exactly that, as the floor allocates the page. */
    int fullLength;
    /** The real renderer, configured with the page's number, as the filter would be. */
    Widgets widgets;

    @Setup
    public void setup() throws IOException {
        page = Pages.article(size);
        fragment = Pages.fragment();
        rewriter = new HtmlRewriter();
        reused = new ArraySink(new byte[page.length + fragment.length() * 8]);
        fullRewriter = new HtmlRewriter(new HtmlRewriter.Options(3));
        fullWidget = new FullWidget(fragment);
        fullReused = new ArraySink(new byte[page.length * 3 + fragment.length() * 8]);
        fullLength = fullOnly();
        widgets = Widgets.of(HelplineConfig.fromProperties(Map.of(
                "helpline.phone", FullWidget.NUMBER.display(),
                "helpline.operator.name", "Example Treatment Operator",
                "helpline.cta.stats-as-of", java.time.LocalDate.now().toString())), "");
        setupChars();
    }

    /** Like the real renderer's: a tel: link, a "Who Answers?" trigger, the CTA box. */
    public static final class FullWidget implements PageWidget {
        static final PhoneNumber NUMBER = PhoneNumber.parse("(800) 555-0100");
        static final Set<PhoneNumber> NUMBERS = Set.of(NUMBER);
        static final String OPEN = "<a data-helpline=\"tel\" href=\"tel:+18005550100\">";
        static final String CLOSE = "</a><span data-helpline=\"who\"> (<a href=\"#helpline-disclosure\">Who Answers?</a>)</span>";
        static final String BOX = "<div data-helpline=\"cta\" class=\"helpline-cta\"><p class=\"helpline-cta-heading\">"
                + "I need to talk to someone now</p><p class=\"helpline-cta-call\">Free and confidential. Call "
                + "<a data-helpline=\"tel\" href=\"tel:+18005550100\">(800) 555-0100</a> (<a href=\"#helpline-disclosure\">"
                + "Who Answers?</a>)</p><p class=\"helpline-cta-stats\">Response time about 1 min | Response rate 100%</p></div>";
        private final String bodyStart;

        public FullWidget(String bodyStart) {
            this.bodyStart = bodyStart;
        }

        @Override
        public String bodyStart(String htmlLang) {
            return bodyStart;
        }

        @Override
        public String ctaBox(String htmlLang) {
            return BOX;
        }

        @Override
        public Set<PhoneNumber> inlineNumbers() {
            return NUMBERS;
        }

        @Override
        public String numberOpen(PhoneNumber number, String htmlLang) {
            return OPEN;
        }

        @Override
        public String numberClose(PhoneNumber number, String htmlLang) {
            return CLOSE;
        }
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

    /** Characters of 50 each: a template engine's many small prints. */
    static final int PRINT = 50;
    /** The page as one {@code String}, and in {@link #PRINT}-char pieces, for the Writer path. */
    String text;
    String[] prints;
    CharSink chars;

    /** A Writer into a reused char[], like the container's response buffer on the char side. */
    static final class CharSink extends java.io.Writer {
        final char[] buf;
        int len;

        CharSink(char[] buf) {
            this.buf = buf;
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

    private void setupChars() {
        text = new String(page, StandardCharsets.UTF_8);
        prints = new String[(text.length() + PRINT - 1) / PRINT];
        for (int i = 0; i < prints.length; i++) {
            prints[i] = text.substring(i * PRINT, Math.min(text.length(), (i + 1) * PRINT));
        }
        chars = new CharSink(new char[text.length() * 3 + fragment.length() * 8]);
    }

    /** {@link #rewriterOnly()} on the Writer path: the page as one {@code String}. */
    @Benchmark
    public int writerOnly() throws IOException {
        chars.len = 0;
        HtmlRewriter.RewritingWriter out = rewriter.rewrite(chars, fragment);
        out.write(text);
        out.finish();
        return chars.len;
    }

    /** {@link #rewriterOnly()} on the Writer path: the page in 50-char {@code String}s. */
    @Benchmark
    public int writerOnlyPrints() throws IOException {
        chars.len = 0;
        HtmlRewriter.RewritingWriter out = rewriter.rewrite(chars, fragment);
        for (String s : prints) {
            out.write(s);
        }
        out.finish();
        return chars.len;
    }

    /** {@link #fullOnly()} on the Writer path: the page as one {@code String}. */
    @Benchmark
    public int fullWriterOnly() throws IOException {
        chars.len = 0;
        HtmlRewriter.RewritingWriter out = fullRewriter.rewrite(chars, fullWidget);
        out.write(text);
        out.finish();
        return chars.len;
    }

    /** {@link #fullOnly()} on the Writer path: the page in 50-char {@code String}s. */
    @Benchmark
    public int fullWriterOnlyPrints() throws IOException {
        chars.len = 0;
        HtmlRewriter.RewritingWriter out = fullRewriter.rewrite(chars, fullWidget);
        for (String s : prints) {
            out.write(s);
        }
        out.finish();
        return chars.len;
    }

    /** Units where a body scan cannot skip on: those that may begin a number or a character reference, and '<'. */
    private static final boolean[] SCAN_STOP = new boolean[256];

    static {
        for (char c : "0123456789(+&<".toCharArray()) {
            SCAN_STOP[c] = true;
        }
    }

    /**
     * A lower bound for any scan that looks at each unit of the page once, in plain Java: it
     * stops where a body scanner must (a '<', a unit that may begin a number or a character
     * reference), skips each tag to its '>' without reading its attributes, and does nothing
     * else: no state, no output. The full path cannot cost less than this plus the floor.
     */
    @Benchmark
    public int scanFloor() {
        byte[] b = page;
        int stops = 0;
        for (int i = 0; i < b.length; i++) {
            while (i < b.length && !SCAN_STOP[b[i] & 0xFF]) {
                i++;
            }
            if (i < b.length && b[i] == '<') {
                while (i < b.length && b[i] != '>') {
                    i++;
                }
            }
            stops++;
        }
        return stops;
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

    /**
     * The full-page path: body start, a link per paragraph, the CTA box. The output array is
     * allocated at its final length, as {@link #floor()} allocates the page's: an array of
     * three times the page, as before, cost more to clear than the whole floor.
     */
    @Benchmark
    public byte[] full() throws IOException {
        ArraySink sink = new ArraySink(new byte[fullLength]);
        HtmlRewriter.RewritingOutputStream out = fullRewriter.rewrite(sink, StandardCharsets.UTF_8, fullWidget);
        for (int i = 0; i < page.length; i += WRITE) {
            out.write(page, i, Math.min(WRITE, page.length - i));
        }
        out.finish();
        return sink.buf;
    }

    /** {@link #full()} into a reused buffer: -prof gc shows what the rewriter allocates. */
    @Benchmark
    public int fullOnly() throws IOException {
        fullReused.len = 0;
        HtmlRewriter.RewritingOutputStream out = fullRewriter.rewrite(fullReused, StandardCharsets.UTF_8, fullWidget);
        for (int i = 0; i < page.length; i += WRITE) {
            out.write(page, i, Math.min(WRITE, page.length - i));
        }
        out.finish();
        return fullReused.len;
    }

    /**
     * {@link #fullOnly()} with the widget the filter uses for a response (its texts, its
     * language worked out from the page and the request, the disclosure markup) instead of
     * fixed strings: what the renderer adds per page and per linked number.
     */
    @Benchmark
    public int fullRendered() throws IOException {
        fullReused.len = 0;
        PageWidget response = widgets.forResponse("/guides/article", "en-US,en;q=0.9", lang -> RenderContext.NONE);
        HtmlRewriter.RewritingOutputStream out = fullRewriter.rewrite(fullReused, StandardCharsets.UTF_8, response);
        for (int i = 0; i < page.length; i += WRITE) {
            out.write(page, i, Math.min(WRITE, page.length - i));
        }
        out.finish();
        return fullReused.len;
    }

    static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w+])(?:\\+1[ .-]?|1[ .-])?(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w])");
    static final Set<String> SKIP = Set.of("a", "script", "style", "textarea", "title", "select", "option", "button",
            "label", "svg", "math", "template", "table");

    /** The baseline for {@link #full()}: jsoup DOM, a regex over its text nodes, the box after the third paragraph. */
    @Benchmark
    public byte[] jsoupFull() {
        Document doc = Jsoup.parse(new String(page, StandardCharsets.UTF_8));
        doc.body().prepend(fragment);
        List<TextNode> texts = new ArrayList<>();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t && !skipped(t)) {
                    texts.add(t);
                }
            }
        }, doc.body());
        String national = FullWidget.NUMBER.nationalDigits();
        for (TextNode t : texts) {
            String text = t.getWholeText();
            Matcher m = NUMBER.matcher(text);
            StringBuilder html = null;
            int last = 0;
            while (m.find()) {
                String digits = m.group().replaceAll("[^0-9]", "");
                if (!digits.endsWith(national)) {
                    continue;
                }
                if (html == null) {
                    html = new StringBuilder();
                }
                html.append(org.jsoup.nodes.Entities.escape(text.substring(last, m.start())))
                    .append(FullWidget.OPEN).append(m.group()).append(FullWidget.CLOSE);
                last = m.end();
            }
            if (html != null) {
                html.append(org.jsoup.nodes.Entities.escape(text.substring(last)));
                t.before(html.toString());
                t.remove();
            }
        }
        org.jsoup.select.Elements ps = doc.select("article p, main p");
        if (ps.size() >= 3) {
            ps.get(2).after(FullWidget.BOX);
        }
        return doc.outerHtml().getBytes(StandardCharsets.UTF_8);
    }

    static boolean skipped(TextNode t) {
        for (Node p = t.parent(); p instanceof Element e; p = e.parent()) {
            if (SKIP.contains(e.normalName()) || e.hasAttr("data-helpline-skip")) {
                return true;
            }
        }
        return false;
    }

    @Benchmark
    public byte[] jsoup() {
        Document doc = Jsoup.parse(new String(page, StandardCharsets.UTF_8));
        doc.body().prepend(fragment);
        return doc.outerHtml().getBytes(StandardCharsets.UTF_8);
    }
}
