package dev.helpline.core.html;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widget's own text comes out right in every charset the page may use, or the page is left alone. */
class CharsetTest {
    /** Spanish, a dash, a yen sign, Japanese and an emoji (a surrogate pair). */
    static final String TEXT = "Llame ahora – ¿Quién contesta? ¥ 電話 \uD83D\uDCDE";
    static final String FRAGMENT = "<div data-helpline=\"banner\" id=\"hl-test\" title=\"" + TEXT + "\">" + TEXT + "</div>";
    static final String HOST_TEXT_ASCII = "Recovery \\ help ~ today";

    static byte[] rewrite(byte[] page, Charset declared, String fragment, Outcome expected) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(bo, declared, fragment);
        for (int i = 0; i < page.length; i += 7) {
            o.write(page, i, Math.min(7, page.length - i)); // splits multi-byte characters too
        }
        o.finish();
        assertEquals(expected, o.outcome());
        assertEquals(expected == Outcome.INJECTED, o.injected());
        return bo.toByteArray();
    }

    static void assertWidgetText(String decodedOutput, String hostText) {
        Oracle.Node doc = Oracle.parse(decodedOutput, true);
        String dump = Oracle.dump(doc);
        assertTrue(dump.contains("|     <div>\n|       data-helpline=\"banner\"\n|       id=\"hl-test\"\n|       title=\"" + TEXT
                + "\"\n|       \"" + TEXT + "\"\n"), dump);
        assertTrue(dump.contains(hostText), dump);
    }

    @ParameterizedTest(name = "{0} declared={1} meta={2}")
    @CsvSource({
        "UTF-8, true, false",
        "UTF-8, false, true",
        "UTF-8, false, false",
        "windows-1252, true, false",
        "windows-1252, false, true",
        "ISO-8859-1, true, false",
        "ISO-8859-1, false, true",
        "Shift_JIS, true, false",
        "Shift_JIS, false, true",
        "EUC-JP, false, true",
        "GB18030, true, false",
        "Big5, false, true",
    })
    void asciiCompatible_widgetTextCorrect(String name, boolean declared, boolean meta) throws IOException {
        Charset cs = Charset.forName(name);
        // Host text in the page's own charset: for Shift_JIS, 表 and ソ have a second byte
        // of 0x5C ('\'), 能 of 0x5C as well: they must not confuse the scanner.
        String hostText = cs.newEncoder().canEncode("表ソ能") ? "表ソ能 " + HOST_TEXT_ASCII : "é " + HOST_TEXT_ASCII;
        String page = "<!DOCTYPE html><html><head>" + (meta ? "<meta charset=\"" + name + "\">" : "")
                + "<title>" + hostText + "</title></head><body class=x><p>" + hostText + "</p></body></html>";
        byte[] out = rewrite(page.getBytes(cs), declared ? cs : null, FRAGMENT, Outcome.INJECTED);
        assertWidgetText(new String(out, cs), "\"" + hostText + "\"");
    }

    @Test
    void utf8WithBom_bomKeptWidgetCorrect() throws IOException {
        String page = "\uFEFF<!DOCTYPE html><title>é</title><p>ü";
        byte[] out = rewrite(page.getBytes(StandardCharsets.UTF_8), null, FRAGMENT, Outcome.INJECTED);
        assertEquals((byte) 0xEF, out[0]);
        String s = new String(out, StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\uFEFF<!DOCTYPE html><title>é</title><div"), s);
        assertWidgetText(s.substring(1), "\"ü\"");
    }

    @ParameterizedTest
    @CsvSource({"UTF-16, ", "UTF-16, UTF-16", "UTF-16LE, UTF-16LE", "UTF-16BE, UTF-16BE", "UTF-16LE, UTF-8"})
    void utf16_widgetTextCorrect(String encodeAs, String declared) throws IOException {
        String page = "<!DOCTYPE html><title>é 電</title><p>ü 話";
        byte[] bytes = page.getBytes(Charset.forName(encodeAs));
        if (encodeAs.equals("UTF-16LE")) { // with a byte order mark
            byte[] b = new byte[bytes.length + 2];
            b[0] = (byte) 0xFF;
            b[1] = (byte) 0xFE;
            System.arraycopy(bytes, 0, b, 2, bytes.length);
            bytes = b;
        }
        Charset cs = declared == null ? null : Charset.forName(declared);
        byte[] out = rewrite(bytes, cs, FRAGMENT, Outcome.INJECTED);
        String s = new String(out, encodeAs.equals("UTF-16LE") ? StandardCharsets.UTF_16LE : Charset.forName(encodeAs));
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        assertTrue(s.startsWith("<!DOCTYPE html><title>é 電</title><div"), s);
        assertWidgetText(s, "\"ü 話\"");
    }

    @Test
    void utf16WithoutBom_declaredUtf16_passesThrough() throws IOException {
        byte[] page = "<title>x</title><p>y".getBytes(StandardCharsets.UTF_16BE);
        assertArrayEquals(page, rewrite(page, StandardCharsets.UTF_16, FRAGMENT, Outcome.UNSUPPORTED_CHARSET));
    }

    @Test
    void iso2022jp_passesThrough() throws IOException {
        byte[] page = "<html><head><title>電話</title></head><body>電話".getBytes(Charset.forName("ISO-2022-JP"));
        assertArrayEquals(page, rewrite(page, Charset.forName("ISO-2022-JP"), FRAGMENT, Outcome.UNSUPPORTED_CHARSET));
        byte[] meta = ("<meta charset=iso-2022-jp><title>x</title>".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(meta, rewrite(meta, null, FRAGMENT, Outcome.UNSUPPORTED_CHARSET));
    }

    @Test
    void httpEquivMeta_found() throws IOException {
        String page = "<!-- <meta charset=utf-8> --><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>é</title><p>é";
        byte[] out = rewrite(page.getBytes(Charset.forName("windows-1252")), null,
                "<div id=\"hl-test\"><script>var t = \"é\";</script></div>", Outcome.INJECTED);
        // The fragment's é sits in a script, where a character reference would not work:
        // it is written in the page's charset (found by the prescan) instead.
        assertTrue(new String(out, Charset.forName("windows-1252")).contains("<script>var t = \"é\";</script>"));
    }

    @Test
    void nonAsciiInFragmentScript_charsetUnknown_passesThrough() throws IOException {
        byte[] page = "<title>x</title><p>y".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(page, rewrite(page, null, "<script>var t = \"é\";</script>", Outcome.UNSUPPORTED_CHARSET));
    }

    @Test
    void writer_nonAsciiFragment_writtenAsIs() throws IOException {
        java.io.StringWriter sw = new java.io.StringWriter();
        HtmlRewriter.RewritingWriter w = new HtmlRewriter().rewrite(sw, FRAGMENT);
        w.write("<title>é</title><p>ü");
        w.finish();
        assertWidgetText(sw.toString(), "\"ü\"");
    }

    @Test
    void turkishLocale_tagNamesStillMatch() throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            // TITLE and SCRIPT with a capital I: "TITLE".toLowerCase() is "tıtle" in Turkish.
            String page = "<HTML><HEAD><TITLE><BODY></TITLE><SCRIPT>'<BODY>'</SCRIPT></HEAD><BODY ID=b>x";
            java.io.StringWriter sw = new java.io.StringWriter();
            HtmlRewriter.RewritingWriter w = new HtmlRewriter().rewrite(sw, CorpusTest.WIDGET);
            w.write(page);
            w.finish();
            assertEquals(page.replace("<BODY ID=b>", "<BODY ID=b>" + CorpusTest.WIDGET), sw.toString());
        } finally {
            Locale.setDefault(before);
        }
    }
}
