package dev.helpline.demo;

import dev.helpline.core.config.ConfigLoader;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.Outcome;
import dev.helpline.core.html.PageWidget;
import dev.helpline.core.html.RewriteListener;
import dev.helpline.core.html.StopReason;
import dev.helpline.core.phone.PhoneNumber;
import dev.helpline.core.render.AuditListener;
import dev.helpline.core.render.RenderContext;
import dev.helpline.core.render.Widgets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code inject}: one page from stdin to stdout through the same configuration and
 * rewriter as the filter, for previews and static sites. Streams: the page is never held
 * whole. {@code --explain} tells instead what the rewriter did with the page and why;
 * {@code --report DIR} measures the body features over a folder of pages.
 */
final class Inject {
    private Inject() {
    }

    /**
     * What the rewriter did with one page from {@code in}: its head outcome, where and why it
     * stopped following the body, the helpline's numbers linked and left (with why), the
     * other numbers the audit reports (masked, as in the logs), the boxes placed.
     */
    static int explain(Path configFile, String path, InputStream in, PrintStream out) throws IOException {
        HelplineConfig config = ConfigLoader.standard().file(configFile).load();
        if (!config.enabled() || !config.paths().matches(path)) {
            out.println("path " + path + ": not rewritten (" + (config.enabled() ? "helpline.paths" : "helpline.enabled=false") + ")");
            return 0;
        }
        List<String> stops = new ArrayList<>();
        Outcome[] head = {Outcome.PENDING};
        RewriteListener listener = new RewriteListener() {
            @Override
            public void headOutcome(String p, Outcome outcome) {
                head[0] = outcome;
            }

            @Override
            public void bodyStopped(String p, StopReason reason, long offset) {
                stops.add(reason + " at byte " + offset);
            }
        };
        PageWidget page = Widgets.of(config, "").forResponse(path, null, language -> RenderContext.NONE);
        Map<String, Integer> linked = new TreeMap<>();
        Map<String, Integer> left = new TreeMap<>();
        List<String> audited = new ArrayList<>();
        PageWidget explaining = new PageWidget() {
            @Override
            public String bodyStart(String htmlLang) {
                return page.bodyStart(htmlLang);
            }

            @Override
            public String ctaBox(String htmlLang) {
                return page.ctaBox(htmlLang);
            }

            @Override
            public Set<PhoneNumber> inlineNumbers() {
                return page.inlineNumbers();
            }

            @Override
            public String numberOpen(PhoneNumber number, String htmlLang) {
                linked.merge(number.display(), 1, Integer::sum);
                return page.numberOpen(number, htmlLang);
            }

            @Override
            public String numberClose(PhoneNumber number, String htmlLang) {
                return page.numberClose(number, htmlLang);
            }

            @Override
            public void numberLeft(PhoneNumber number, String why) {
                left.merge(number.display() + " " + why, 1, Integer::sum);
            }

            @Override
            public void otherNumber(String maskedNumber) {
                audited.add(maskedNumber);
            }

            @Override
            public String pagePath() {
                return path;
            }
        };
        CountingSink sink = new CountingSink();
        HtmlRewriter.RewritingOutputStream rewriting = new HtmlRewriter(
                new HtmlRewriter.Options(config.ctaAfterParagraph(), listener)).rewrite(sink, null, explaining);
        in.transferTo(rewriting);
        rewriting.finish();
        String written = sink.text();
        out.println("path: " + path);
        out.println("head: " + head[0] + (rewriting.injected() ? " (widget written where the body begins)" : " (page passed through unchanged)"));
        out.println("body stops: " + (stops.isEmpty() ? "none (followed to the end)" : String.join(", ", stops)));
        out.println("numbers linked: " + (linked.isEmpty() ? "none" : linked.toString()));
        out.println("numbers left unlinked: " + (left.isEmpty() ? "none" : left.toString()));
        out.println("other numbers (audit): " + (audited.isEmpty() ? "none" : String.join(", ", audited)));
        out.println("call-to-action boxes: " + count(written, "data-helpline=\"cta\""));
        return 0;
    }

    /**
     * Measures the body features over the pages of {@code dir} ({@code *.html}, {@code *.html.gz}):
     * recall against a reference parser, wrong links, altered pages, the box, the stop reasons.
     */
    /** The box's paragraph for a report when the configuration places none. */
    static final int REPORT_AFTER_PARAGRAPH = 3;

    static int report(Path configFile, Path dir, PrintStream out) throws IOException {
        HelplineConfig config = ConfigLoader.standard().file(configFile).load();
        // The audit's log lines are not what a report is for.
        Widgets widgets = Widgets.of(config, "").withAudit(AuditListener.none());
        int afterParagraph = config.ctaAfterParagraph() > 0 ? config.ctaAfterParagraph() : REPORT_AFTER_PARAGRAPH;
        RealPagesReport measuring = new RealPagesReport(config.phone(), afterParagraph,
                () -> widgets.forResponse("/", null, language -> RenderContext.NONE));
        if (config.ctaAfterParagraph() == 0) {
            out.println("(helpline.cta.after-paragraph is 0: the box is measured after paragraph " + afterParagraph + ")");
        }
        List<RealPagesReport.PageResult> results = new ArrayList<>();
        for (Path p : RealPagesReport.pages(dir)) {
            results.add(measuring.measure(p.getFileName().toString(), RealPagesReport.read(p)));
        }
        if (results.isEmpty()) {
            out.println("no *.html or *.html.gz pages in " + dir);
            return 1;
        }
        out.print(measuring.report(results, true));
        return 0;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Keeps what was written, as Latin-1 (only ASCII markers are looked for in it). */
    private static final class CountingSink extends java.io.ByteArrayOutputStream {
        String text() {
            return toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    static int run(Path configFile, String path, InputStream in, OutputStream out, PrintStream err) throws IOException {
        HelplineConfig config = ConfigLoader.standard().file(configFile).load();
        if (!config.enabled() || !config.paths().matches(path)) {
            in.transferTo(out);
            out.flush();
            return 0;
        }
        // The same per-page choices as the filter: profile by path, language, opening hours.
        // No form token here: a previewed form cannot be posted.
        PageWidget page = Widgets.of(config, "").forResponse(path, null, language -> RenderContext.NONE);
        HtmlRewriter.RewritingOutputStream rewriting = new HtmlRewriter(new HtmlRewriter.Options(config.ctaAfterParagraph()))
                .rewrite(out, null, page);
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            rewriting.write(buffer, 0, n);
        }
        rewriting.finish();
        out.flush();
        if (!rewriting.injected()) {
            err.println("note: the widget was not placed; the page passed through unchanged");
        }
        return 0;
    }
}
