package dev.helpline.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code inject --explain} for one page and {@code inject --report DIR} for a folder. */
class InjectExplainTest {
    static final String PAGE = "<!doctype html><html><head><title>t</title></head><body>"
            + "<a href=/><svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"></path></svg></a>"
            + "<p>Call 800-601-3889 now, or the clinic at 212-555-0147.</p><button>800-601-3889</button>"
            + "<a href=/x><div>card</a><p>Call 800-601-3889.</p></body></html>";

    @TempDir
    Path dir;

    private static String run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var savedIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int code = DemoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return code + "\n" + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        } finally {
            System.setIn(savedIn);
        }
    }

    @Test
    void explain_namesTheOutcomeTheStopAndEveryNumber() throws Exception {
        String result = run(PAGE, "inject", "--explain", "--path", "/articles/x");
        assertTrue(result.startsWith("0\npath: /articles/x\n"), result);
        assertTrue(result.contains("head: INJECTED"), result);
        assertTrue(result.contains("body stops: LINK_AROUND_BLOCK at byte " + PAGE.indexOf("</a><p>Call 800-601-3889.")), result);
        assertTrue(result.contains("numbers linked: {(800) 601-3889=1}"), result);
        assertTrue(result.contains("numbers left unlinked: {(800) 601-3889 in a button=1}"), result);
        assertTrue(result.contains("other numbers (audit): ********47"), result);
        assertTrue(!result.contains("212-555-0147") && !result.contains("<aside"), "masked, and no page: " + result);
    }

    @Test
    void explain_pageWithoutABody_saysWhy() throws Exception {
        String result = run("<frameset><frame src=a></frameset>", "inject", "--explain");
        assertTrue(result.contains("head: FRAMESET (page passed through unchanged)"), result);
    }

    @Test
    void report_folder_recallStopsAndTotals() throws Exception {
        Files.writeString(dir.resolve("a.html"), "<!doctype html><body><main><p>one</p><p>two</p><p>three</p><p>four</p>"
                + "<ul><li>x</li><li>y</li></ul></main></body>");
        Files.writeString(dir.resolve("b.html"), "<!doctype html><body><p>one</p><a href=/><div>card</a><p>two</p><p>three</p>"
                + "<p>four</p></body>");
        String result = run("", "inject", "--report", dir.toString());
        assertTrue(result.startsWith("0\n"), result);
        // a number after the 1st and the 4th of the <p>/<li> tags: in a, both linked; in b, one
        // before the stop, one after it
        assertTrue(result.contains("a.html                                2/2     100.0%  box"), result);
        assertTrue(result.contains("b.html                                1/2      50.0%  stop LINK_AROUND_BLOCK@79"), result);
        assertTrue(result.contains("pages 2, numbers where a link belongs 4, linked 3 (75.00%), wrongly linked 0, altered pages 0"),
                result);
        assertTrue(result.contains("box after paragraph 3: due on 1 pages, placed on 1 (100.0%), misplaced 0"), result);
        assertTrue(result.contains("stop reasons (stops / pages): LINK_AROUND_BLOCK=1/1"), result);
    }

    @Test
    void explainAndReport_together_refused() throws Exception {
        String result = run("", "inject", "--explain", "--report", dir.toString());
        assertEquals('2', result.charAt(0), result);
        assertTrue(result.contains("not both"), result);
    }
}
