package dev.helpline.servlet;

import dev.helpline.core.html.HtmlRewriter;
import dev.helpline.core.html.Outcome;
import dev.helpline.servlet.FailingWidget.Point;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The filter's byte path for a rewritten page (the core rewriting stream over the
 * container's, with the encoder in front for a Writer page) keeps the host's page whole when
 * the widget breaks: at the body start (the head held), at a number near the start or deep
 * into a large page, in writes of any size; the output, the widget's additions taken out,
 * is the input.
 */
class FailOpenStreamsTest {
    /** A page of about {@code size} bytes of paragraphs, the helpline's number in every fifth. */
    static byte[] input(int size) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><title>Help</title></head>\n<body>");
        Random r = new Random(size);
        for (int i = 0; sb.length() < size - 20; i++) {
            sb.append("<p>");
            for (int n = r.nextInt(60); n > 0; n--) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            sb.append(i % 5 == 4 ? " call 800-601-3889 now" : "").append("</p>\n");
        }
        return sb.append("</body></html>").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static HtmlRewriter.RewritingOutputStream page(ByteArrayOutputStream container, FailingWidget widget,
                                                   FailingWidget.FailedOpen heard) {
        return FailingWidget.rewriter(heard).rewrite(container, StandardCharsets.ISO_8859_1, widget);
    }

    @ParameterizedTest(name = "size {0}, chunk {1}, the widget breaks at {2} {3}")
    @CsvSource({
            "1000, 100, BODY_START, 0",
            "1000, 100, NUMBER_OPEN, 0",
            "1000, 1000, NUMBER_CLOSE, 1",
            "1000, 7, NUMBER_OPEN, 1",
            "1000, 1, BODY_START, 0",
            "200000, 70000, NUMBER_OPEN, 900",
            "200000, 65536, NUMBER_CLOSE, 800",
            "200000, 8192, NUMBER_OPEN, 500",
            "200000, 8192, BODY_START, 0",
            "300000, 131072, NUMBER_OPEN, 1300",
            "1000, 100, NUMBER_OPEN, 5000",
    })
    void write_widgetBreaks_hostBytesIntact(int size, int chunk, Point point, int nth) throws IOException {
        byte[] in = input(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FailingWidget.FailedOpen heard = new FailingWidget.FailedOpen();
        HtmlRewriter.RewritingOutputStream s = page(out, new FailingWidget(point, nth), heard);
        for (int i = 0; i < in.length; i += chunk) {
            s.write(in, i, Math.min(chunk, in.length - i));
        }
        s.finish();
        String text = new String(in, StandardCharsets.ISO_8859_1);
        assertEquals(text, FailingWidget.withoutWidget(out.toString(StandardCharsets.ISO_8859_1)));
        assertEquals(nth < 5000, heard.failed(), "the page failed open where the widget broke");

        // The Writer path: the host's chars, encoded, through the same byte path.
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        FailingWidget.FailedOpen heardChars = new FailingWidget.FailedOpen();
        HtmlRewriter.RewritingOutputStream bytes = page(w, new FailingWidget(point, nth), heardChars);
        EncodingWriter fw = new EncodingWriter(bytes, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < text.length(); i += chunk) {
            fw.write(text, i, Math.min(chunk, text.length() - i));
        }
        fw.finish();
        bytes.finish();
        assertEquals(text, FailingWidget.withoutWidget(w.toString(StandardCharsets.ISO_8859_1)));
        assertEquals(nth < 5000, heardChars.failed(), "the Writer page failed open where the widget broke");
    }

    /** Unbroken, the Writer path gives what the byte path gives. */
    @ParameterizedTest(name = "size {0}")
    @CsvSource({"0", "1", "70000"})
    void write_widgetNeverBreaks_writerPathSameAsBytePath(int size) throws IOException {
        byte[] in = size == 0 ? new byte[0] : size == 1 ? new byte[] {'<'} : input(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream s = page(out, new FailingWidget(Point.NEVER, 0), new FailingWidget.FailedOpen());
        s.write(in, 0, in.length);
        s.finish();
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream bytes = page(w, new FailingWidget(Point.NEVER, 0), new FailingWidget.FailedOpen());
        EncodingWriter fw = new EncodingWriter(bytes, StandardCharsets.ISO_8859_1);
        fw.write(new String(in, StandardCharsets.ISO_8859_1));
        fw.finish();
        bytes.finish();
        assertArrayEquals(out.toByteArray(), w.toByteArray());
        assertEquals(new String(in, StandardCharsets.ISO_8859_1), FailingWidget.withoutWidget(w.toString(StandardCharsets.ISO_8859_1)));
        if (size > 1) {
            assertEquals(Outcome.INJECTED, s.outcome());
        }
    }
}
