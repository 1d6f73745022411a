package dev.helpline.core.html;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tags, comments and character references split across writes anywhere: same output as one write. */
class ChunkingTest {
    static final String W = CorpusTest.WIDGET;

    static String chars(String page, int[] cuts) throws IOException {
        StringWriter sw = new StringWriter();
        HtmlRewriter.RewritingWriter w = new HtmlRewriter().rewrite(sw, W);
        int from = 0;
        for (int cut : cuts) {
            w.write(page, from, cut - from);
            from = cut;
        }
        w.write(page, from, page.length() - from);
        w.finish();
        return sw.toString() + "|" + w.outcome();
    }

    static String bytes(byte[] page, Charset cs, int[] cuts) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        HtmlRewriter.RewritingOutputStream o = new HtmlRewriter().rewrite(bo, cs, W);
        int from = 0;
        for (int cut : cuts) {
            if (cut - from == 1) {
                o.write(page[from]);
            } else {
                o.write(page, from, cut - from);
            }
            from = cut;
        }
        o.write(page, from, page.length - from);
        o.finish();
        return bo.toString(StandardCharsets.ISO_8859_1) + "|" + o.outcome();
    }

    @Test
    void corpus_splitAtEveryOffset_sameAsOneWrite() throws IOException {
        List<Corpus.Case> cases = Corpus.documents();
        long splits = 0;
        for (Corpus.Case c : cases) {
            String page = c.data();
            String whole = chars(page, new int[0]);
            for (int k = 0; k <= page.length(); k++) {
                assertEquals(whole, chars(page, new int[] {k}), c + " split at char " + k);
                splits++;
            }
            byte[] utf8 = page.getBytes(StandardCharsets.UTF_8);
            for (Charset cs : new Charset[] {StandardCharsets.UTF_8, null}) {
                String wholeBytes = bytes(utf8, cs, new int[0]);
                for (int k = 0; k <= utf8.length; k++) {
                    assertEquals(wholeBytes, bytes(utf8, cs, new int[] {k}), c + " split at byte " + k + " charset " + cs);
                    splits++;
                }
            }
        }
        System.out.println("CHUNKING single splits: " + splits);
    }

    @Test
    void corpus_randomChunkings_sameAsOneWrite() throws IOException {
        Random rnd = new Random(42);
        long runs = 0;
        for (Corpus.Case c : Corpus.documents()) {
            String page = c.data();
            String whole = chars(page, new int[0]);
            byte[] utf16 = page.getBytes(StandardCharsets.UTF_16); // with a byte order mark
            String whole16 = bytes(utf16, null, new int[0]);
            for (int r = 0; r < 20; r++) {
                assertEquals(whole, chars(page, cuts(rnd, page.length())), c.toString());
                assertEquals(whole16, bytes(utf16, null, cuts(rnd, utf16.length)), c + " UTF-16");
                runs += 2;
            }
        }
        System.out.println("CHUNKING random chunkings: " + runs);
    }

    static int[] cuts(Random rnd, int len) {
        int max = 1 + rnd.nextInt(12);
        int[] tmp = new int[len + 1];
        int n = 0;
        int at = 0;
        while (true) {
            at += 1 + rnd.nextInt(max);
            if (at >= len) {
                break;
            }
            tmp[n++] = at;
        }
        return java.util.Arrays.copyOf(tmp, n);
    }
}
