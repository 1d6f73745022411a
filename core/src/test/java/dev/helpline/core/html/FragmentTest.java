package dev.helpline.core.html;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A fragment handed over in parts is written exactly as the same markup handed over as one
 * string: on both sides, in every kind of charset, with values that are ASCII or not.
 */
class FragmentTest {
    private static final String PAGE = "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head>"
            + "<body class=\"x\"><p>Hello \u00e9 \uD83D\uDE00 world</p></body></html>";
    private static final Fragment.Template TAGS = Fragment.template(
            "<link rel=\"stylesheet\" href=\"/h.css\" nonce=\"", "\"><script src=\"/h.js\" nonce=\"",
            "\"></script><aside data-helpline=\"banner\">Call</aside><input type=\"hidden\" name=\"token\" value=\"", "\">");

    @Test
    void with_valuesBetweenTheParts_readsAsTheConcatenation() {
        Fragment f = TAGS.with("n1", "n1", "2.abc.def");
        String expected = TAGS.part(0) + "n1" + TAGS.part(1) + "n1" + TAGS.part(2) + "2.abc.def" + TAGS.part(3);
        assertEquals(expected, f.toString());
        assertEquals(expected.length(), f.length());
        assertEquals(3, TAGS.slots());
    }

    @Test
    void with_nullValue_writesNothingThere() {
        assertEquals("a" + "b" + "c", Fragment.template("a", "b", "c").with(null, "").toString());
    }

    @Test
    void with_wrongNumberOfValues_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TAGS.with("n"));
        assertEquals("this template has 3 slots, got 1 values", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fragment.template());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "windows-1252", "UTF-16BE", "UTF-16LE", "none"})
    void bytes_inPartsOrAsOneString_sameOutput(String charsetName) throws IOException {
        Charset cs = charsetName.equals("none") ? null : Charset.forName(charsetName);
        for (Fragment f : new Fragment[] {
                TAGS.with("r4nd0m+/=", "r4nd0m+/=", "2.AAAA.BBBB"),
                TAGS.with("", "", ""),
                TAGS.with("n\u00f8nce", "n\u00f8nce", "\uD83D\uDE00"),
                Fragment.template("<p>L\u00ednea ", "</p><script>var a='\u00e9';</script>").with("\u00bfqui\u00e9n?"),
                Fragment.template("<p>L\u00ednea ", "</p>").with("x"),
                Fragment.of("<aside>one text</aside>")}) {
            String text = f.toString();
            assertArrayEquals(bytes(cs, PageWidget.bodyStartOnly(text)), bytes(cs, parts(f)), () -> charsetName + ": " + text);
        }
    }

    @Test
    void chars_inPartsOrAsOneString_sameOutput() throws IOException {
        for (Fragment f : new Fragment[] {TAGS.with("n", "n", "t"), TAGS.with("n\u00f8", "", "\uD83D"), Fragment.of("<b>x</b>")}) {
            StringWriter whole = new StringWriter();
            HtmlRewriter.RewritingWriter a = new HtmlRewriter().rewrite(whole, f.toString());
            a.write(PAGE);
            a.finish();
            StringWriter inParts = new StringWriter();
            HtmlRewriter.RewritingWriter b = new HtmlRewriter().rewrite(inParts, parts(f));
            b.write(PAGE);
            b.finish();
            assertEquals(whole.toString(), inParts.toString());
            assertEquals(PAGE.replace("<body class=\"x\">", "<body class=\"x\">" + f), inParts.toString());
        }
    }

    /** A widget that hands its body start over only in parts: its string form is never asked for. */
    private static PageWidget parts(Fragment f) {
        return new PageWidget() {
            @Override
            public String bodyStart(String htmlLang) {
                throw new AssertionError("the rewriter asked for the assembled string");
            }

            @Override
            public Fragment bodyStartFragment(String htmlLang) {
                return f;
            }
        };
    }

    private static byte[] bytes(Charset cs, PageWidget widget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream s = new HtmlRewriter().rewrite(out, cs, widget);
        byte[] page = PAGE.getBytes(cs == null ? StandardCharsets.UTF_8 : cs);
        s.write(page, 0, 40);
        s.write(page, 40, page.length - 40);
        s.finish();
        return out.toByteArray();
    }
}
