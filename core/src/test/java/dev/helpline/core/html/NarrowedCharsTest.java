package dev.helpline.core.html;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Writer path scans the host's chars narrowed to bytes. A char whose low byte is markup
 * ('<', '&', '-', a digit, a quote; U+4E3C is 0x3C below its high byte) must stay "some
 * other character", as its UTF-8 bytes are on the byte path; and what goes out is the
 * host's chars exactly, lone surrogates included.
 */
class NarrowedCharsTest {
    /** Chars whose low byte is ASCII markup or a number's part, and separators that are not ASCII. */
    private static final String[] ODD = {"\u4E3C", "\u4E3E", "\u4E26", "\u4E2D", "\u4E30", "\u0131", "\u4E22", "\u4E27",
        "\u00A0", "\u2009", "\u2013", "\u202F", "\uFF0D", "\u3000", "\u00E9"};

    private static final String[] PAGES = {
        "<!DOCTYPE html><html lang=\"%s\"><head><title>%s</title></head><body><p>Call%s800-601-3889%snow</p></body></html>",
        "<html><head><meta name=\"d\" content=\"%s\"></head><body><div data-helpline-slot=\"cta\"></div><p>%s(800) 601-3889%s</p><p>x%s</p></body>",
        "<head><!-- %s --><noscript>%s</noscript></head><body><p>%s 800.601.3889 %s</p><p>a</p><p>b</p><p>c</p>",
        "<body><a href=\"/%s\">800-601-3889</a><p>1%s800-601-3889</p><p>800-601-3889%s1</p><svg><title>%s</title></svg>",
        "<html><head>%s<body><p>800-601-3889%s%s%s</p>",
    };

    private static String chars(String page, int cut) throws IOException {
        StringWriter sw = new StringWriter();
        HtmlRewriter.RewritingWriter w = new HtmlRewriter(new HtmlRewriter.Options(2)).rewrite(sw, TestWidget.full());
        w.write(page, 0, cut);
        w.write(page, cut, page.length() - cut);
        w.finish();
        return sw + "|" + w.outcome();
    }

    private static String bytes(String page) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter(new HtmlRewriter.Options(2))
                .rewrite(bo, StandardCharsets.UTF_8, TestWidget.full());
        o.write(page.getBytes(StandardCharsets.UTF_8));
        o.finish();
        return bo.toString(StandardCharsets.UTF_8) + "|" + o.outcome();
    }

    @Test
    void charsWhoseLowByteIsMarkup_readAsTheByteSideReadsTheirUtf8_atEverySplit() throws IOException {
        int compared = 0;
        for (String template : PAGES) {
            for (String odd : ODD) {
                String page = template.replace("%s", odd);
                String expected = bytes(page);
                for (int cut = 0; cut <= page.length(); cut++) {
                    assertEquals(expected, chars(page, cut), "U+" + Integer.toHexString(odd.charAt(0)) + " in " + page + " cut at " + cut);
                    compared++;
                }
            }
        }
        assertTrue(compared > 1000, "compared " + compared);
    }

    @Test
    void nonAsciiSeparators_areBoundariesAroundANumber_asOnTheByteSide() throws IOException {
        String page = "<body><p>Call\u00A0800-601-3889\u2009now, or\u2013800-601-3889\u2013today</p>";
        String out = chars(page, page.length());
        assertEquals(2, FailOpenStreamTest.count(out, TestWidget.CLOSE), out);
        assertEquals(bytes(page), out);
    }

    @Test
    void loneSurrogatesAndPairs_goOutExactly_evenSplitBetweenWrites() throws IOException {
        String page = "<head><title>\uD800</title></head><body><p>\uDC00 800-601-3889 \uD83D\uDE00\uD83D</p>"
                + "<div data-helpline-slot=\"cta\">\uDFFF</div>";
        for (int cut = 0; cut <= page.length(); cut++) {
            String out = chars(page, cut);
            assertTrue(out.endsWith("|INJECTED"), out);
            String text = out.substring(0, out.length() - "|INJECTED".length());
            assertEquals(page, FailOpenStreamTest.withoutWidget(text), "cut at " + cut);
            assertEquals(1, FailOpenStreamTest.count(text, TestWidget.CLOSE), "cut at " + cut);
        }
    }

    @Test
    void writeIntAndSlices_sameAsOneString() throws IOException {
        String page = "<html><body><p>\u4E3C 800-601-3889 \u4E3E</p></body></html>";
        StringWriter sw = new StringWriter();
        HtmlRewriter.RewritingWriter w = new HtmlRewriter(new HtmlRewriter.Options(2)).rewrite(sw, TestWidget.full());
        for (int i = 0; i < page.length(); i++) {
            if (i % 3 == 0) {
                w.write(page.charAt(i));
            } else if (i % 3 == 1) {
                w.write(page.toCharArray(), i, 1);
            } else {
                w.append(page, i, i + 1);
            }
        }
        w.finish();
        assertEquals(chars(page, 0), sw + "|" + w.outcome());
    }
}
