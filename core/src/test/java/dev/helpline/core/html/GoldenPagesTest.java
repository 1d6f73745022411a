package dev.helpline.core.html;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The pages in src/test/resources/html (see the README there). */
class GoldenPagesTest {
    static final String MARK = "{{WIDGET}}";

    static List<Path> pages() throws IOException, URISyntaxException {
        Path dir = Path.of(GoldenPagesTest.class.getResource("/html/README.md").toURI()).getParent();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void page_widgetWhereMarkedOrUntouched(Path file) throws IOException {
        String marked = Files.readString(file, StandardCharsets.UTF_8);
        String page = marked.replace(MARK, "");
        String expected = marked.replace(MARK, CorpusTest.WIDGET);

        StringWriter sw = new StringWriter();
        HtmlRewriter.RewritingWriter w = new HtmlRewriter().rewrite(sw, CorpusTest.WIDGET);
        w.write(page);
        w.finish();
        assertEquals(expected, sw.toString());
        assertEquals(marked.contains(MARK), w.injected(), String.valueOf(w.outcome()));
        assertNull(CorpusTest.check(page, sw.toString()));

        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        for (int size : new int[] {1, 8192}) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(bo, null, CorpusTest.WIDGET);
            for (int i = 0; i < bytes.length; i += size) {
                o.write(bytes, i, Math.min(size, bytes.length - i));
            }
            o.finish();
            assertEquals(expected, bo.toString(StandardCharsets.UTF_8), "writes of " + size);
        }
    }
}
