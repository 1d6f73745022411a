package dev.helpline.core.html;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random pages made of body markup, numbers and slots: with inline numbers and the box on
 * (also after the first, second or third paragraph), the rewriter never throws, never alters
 * the host's tree ({@link InlineOracle}, scripting on and off), and writes the same however
 * the page is split.
 * {@code -Dfuzz.iterations=N -Dfuzz.seed=S} to run longer or elsewhere.
 */
class InlineFuzzTest {
    private static final String[] PIECES = {
        "800-601-3889", "(800) 601-3889", "1-800-601-3889", "+1 800 601 3889", "800.601.3889", "1-800-662-4357",
        " ", "\n", "x", "1", "-", ".", "(", ")", "+", "&", "&#45;", "&amp;", "&nbsp;", "<", ">", "/", "\"", "=",
        "<p>", "</p>", "<div>", "</div>", "<a href=x>", "</a>", "<b>", "</b>", "<i>", "<span>", "</span>",
        "<button>", "</button>", "<label>", "</label>", "<select>", "</select>", "<option>", "<textarea>",
        "</textarea>", "<title>", "</title>", "<script>", "</script>", "<style>", "</style>", "<noscript>",
        "</noscript>", "<template>", "</template>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<svg>",
        "</svg>", "<math>", "</math>", "<title>", "<desc>", "<foreignObject>", "<mi>", "<path/>", "</path>",
        "<![CDATA[", "]]>", "<object>", "</object>", "<article>", "</article>", "<main>", "<h2>", "</h2>", "<li>",
        "<ul>", "</ul>", "<font color=red>", "<br>", "</br>", "<img alt='800-601-3889'>", "<plaintext>",
        "<div data-helpline-skip>", "<span data-helpline-skip>", "<div data-helpline-slot=cta>",
        "<!-- helpline:cta -->", "<!--", "-->", "<!-- c -->", "</body>", "</html>", "<body>", "<frameset>",
        "<iframe>", "</iframe>", "<xmp>", "<noembed>", "<marquee>", "<dl><dd>", "<pre>", "<form>", "<nobr>",
    };

    /**
     * A table's parts, which open and close its cells and caption, numbers, and some of what a
     * cell's end pops or its table level foster-parents: on one page in three, three pieces
     * in four come from here, or a table's cells would seldom be reached before something
     * stops the scanner or keeps it out of the table.
     */
    private static final String[] TABLE_PIECES = {
        "<table>", "</table>", "<tr>", "</tr>", "<td>", "<td>", "</td>", "<th>", "</th>", "<tbody>", "</tbody>",
        "<thead>", "</thead>", "<tfoot>", "<caption>", "</caption>", "<col>", "<colgroup>", "</colgroup>",
        "<input type=hidden>", "<td data-helpline-skip>", "<table><td>", "<table><td>", "<tr><th>",
        "800-601-3889", "800-601-3889", " 800-601-3889 ", "(800) 601-3889", "x", "<p>", "</p>", "<div>", "</div>",
        "<a href=x>", "</a>", "<b>", "</b>", "<button>", "</button>", "<select>", "</select>", "<option>",
        "<object>", "</object>", "<template>", "</template>", "<svg>", "</svg>", "<li>", "<h2>", "</h2>",
        "<!-- helpline:cta -->", "<div data-helpline-slot=cta>", "</body>", "<noscript>", "</noscript>",
    };

    /**
     * Paragraphs, ended explicitly or by what closes them implicitly (a start tag that closes
     * a p, the end tag of a block holding it), and some of what keeps those from closing it:
     * on another page in three, which begins in an article or main, three pieces in four
     * come from here.
     */
    private static final String[] PARAGRAPH_PIECES = {
        "<p>", "<p>", "<p>", "</p>", "one", "one", "<div>", "</div>", "<div>", "</div>", "<section>", "</section>",
        "<ul><li>", "<li>", "</li>", "</ul>", "<ol>", "<dl><dt>", "<dd>", "</dd>", "<h2>", "</h2>", "<hr>",
        "<blockquote>", "</blockquote>", "<pre>", "</pre>", "<article>", "</article>", "<main>", "</main>",
        "<ruby><rt>", "<form>", "</form>", "<object>", "</object>", "<button>", "</button>", "<b>", "</b>",
        "<a href=x>", "</a>", "<table><td>", "</table>", "<template>", "</template>", "<svg>", "</svg>",
        "800-601-3889", "</body>",
    };

    static String page(Random rnd) {
        int kind = rnd.nextInt(3);
        StringBuilder sb = new StringBuilder(rnd.nextInt(3) == 0 ? "" : "<body>");
        if (kind == 2) {
            sb.append(rnd.nextBoolean() ? "<article>" : "<main>");
        }
        int n = 1 + rnd.nextInt(30);
        for (int i = 0; i < n; i++) {
            String[] from = kind == 0 || rnd.nextInt(4) == 0 ? PIECES : kind == 1 ? TABLE_PIECES : PARAGRAPH_PIECES;
            sb.append(from[rnd.nextInt(from.length)]);
        }
        return sb.toString();
    }

    @Test
    void randomBodies_neverThrowNeverAlterTheHostTree() throws IOException {
        long seed = Long.getLong("fuzz.seed", 20261126L);
        int iterations = Integer.getInteger("fuzz.iterations", 6000);
        Random rnd = new Random(seed);
        // the box after the first, second or third paragraph
        HtmlRewriter[] rewriters = {new HtmlRewriter(new HtmlRewriter.Options(1)),
            new HtmlRewriter(new HtmlRewriter.Options(2)), new HtmlRewriter(new HtmlRewriter.Options(3))};
        int links = 0;
        int boxes = 0;
        int cellLinks = 0;
        for (int it = 0; it < iterations; it++) {
            String page = page(rnd);
            HtmlRewriter rewriter = rewriters[rnd.nextInt(rewriters.length)];
            String out;
            try {
                out = InlineNumbersTest.rewriteChars(page, TestWidget.full(), rewriter, new int[0]);
            } catch (RuntimeException e) {
                throw new AssertionError("threw on " + page, e);
            }
            InlineOracle.Result r = InlineOracle.check(page, out);
            if (r.problem() != null) {
                fail("seed " + seed + " iteration " + it + ":\n" + page + "\n--- out:\n" + out + "\n" + r.problem());
            }
            links += r.links();
            boxes += r.boxes();
            cellLinks += r.cellLinks();
            int[] cuts = ChunkingTest.cuts(rnd, page.length());
            assertEquals(out, InlineNumbersTest.rewriteChars(page, TestWidget.full(), rewriter, cuts), page);
            int[] bcuts = ChunkingTest.cuts(rnd, page.getBytes(StandardCharsets.UTF_8).length);
            assertEquals(out, InlineNumbersTest.rewriteBytes(page, StandardCharsets.UTF_8, null, TestWidget.full(), rewriter,
                    bcuts), page);
        }
        System.out.println("INLINE FUZZ seed=" + seed + " pages=" + iterations + " links=" + links + " in cells=" + cellLinks
                + " boxes=" + boxes);
        assertTrue(links > iterations / 10, "links " + links);
        assertTrue(cellLinks > iterations / 500, "links in cells " + cellLinks);
    }
}
