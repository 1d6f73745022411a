package dev.helpline.core.html;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A host that flushes before its page's byte order mark is whole (a byte at a time, or before
 * writing anything) must not make the stream decide the charset on what it has: it read a
 * UTF-16 page as ASCII and wrote the widget, in ASCII, in front of the byte order mark.
 */
class ByteOrderMarkFlushTest {
    private static final String PAGE = "<html><head><title>t</title></head><body><p>x</p></body></html>";

    private static String rewrite(Charset cs) throws IOException {
        byte[] page = PAGE.getBytes(cs);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(bo, null, CorpusTest.WIDGET);
        o.flush();
        for (byte b : page) {
            o.write(b);
            o.flush();
        }
        o.finish();
        return bo.toString(cs);
    }

    @Test
    void flushedByteByByte_fromTheStart_widgetInThePagesCharset() throws IOException {
        String expected = PAGE.replace("<body>", "<body>" + CorpusTest.WIDGET);
        for (Charset cs : new Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_8}) {
            String out = rewrite(cs);
            assertEquals(expected, out, cs.name());
        }
        byte[] bom8 = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] page = (new String(bom8, StandardCharsets.ISO_8859_1) + PAGE).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(bo, null, CorpusTest.WIDGET);
        for (byte b : page) {
            o.write(b);
            o.flush();
        }
        o.finish();
        assertEquals("\uFEFF" + expected, bo.toString(StandardCharsets.UTF_8), "UTF-8 with a byte order mark");
    }
}
