package dev.helpline.core.html;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Counts belong to the rewriter they listen to: two rewriters in one JVM (two filters, or two
 * web applications sharing the library through a common class loader) never see each
 * other's pages.
 */
class RewriteCountsTest {
    private static final String STOPPING = "<body><p>800-601-3889</p><template><template>";

    @Test
    void twoRewriters_countOnlyTheirOwnPages() throws IOException {
        RewriteCounts first = new RewriteCounts();
        RewriteCounts second = new RewriteCounts();
        HtmlRewriter a = new HtmlRewriter(new HtmlRewriter.Options(0, first));
        HtmlRewriter b = new HtmlRewriter(new HtmlRewriter.Options(0, second));

        writeThrough(a, STOPPING);
        writeThrough(a, "<frameset></frameset>");
        streamThrough(a, STOPPING);
        streamThrough(b, "<body>x");

        assertEquals(2L, first.outcomes().get(Outcome.INJECTED));
        assertEquals(1L, first.outcomes().get(Outcome.FRAMESET));
        assertEquals(2L, first.stops().get(StopReason.NESTED_TEMPLATE));
        assertEquals(1L, second.outcomes().get(Outcome.INJECTED));
        assertEquals(0L, second.outcomes().get(Outcome.FRAMESET));
        assertEquals(0L, second.stops().get(StopReason.NESTED_TEMPLATE));
        assertEquals(3L, first.outcomes().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(1L, second.outcomes().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void rewriterWithoutListener_countsNothingAnywhere() throws IOException {
        RewriteCounts counting = new RewriteCounts();
        HtmlRewriter counted = new HtmlRewriter(new HtmlRewriter.Options(0, counting));
        writeThrough(new HtmlRewriter(), "<frameset></frameset>");
        writeThrough(counted, "<body>x");
        assertEquals(0L, counting.outcomes().get(Outcome.FRAMESET));
        assertEquals(1L, counting.outcomes().get(Outcome.INJECTED));
    }

    private static PageWidget widget() {
        return new TestWidget(Set.of(TestWidget.HELPLINE), TestWidget.BOX);
    }

    private static void writeThrough(HtmlRewriter rewriter, String page) throws IOException {
        HtmlRewriter.RewritingWriter w = rewriter.rewrite(new StringWriter(), widget());
        w.write(page);
        w.finish();
    }

    private static void streamThrough(HtmlRewriter rewriter, String page) throws IOException {
        HtmlRewriter.RewritingOutputStream o = rewriter.rewrite(new ByteArrayOutputStream(), StandardCharsets.UTF_8, widget());
        o.write(page.getBytes(StandardCharsets.UTF_8));
        o.finish();
    }
}
