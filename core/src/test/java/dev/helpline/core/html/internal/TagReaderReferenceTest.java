package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Character references: the fast path's {@link TagReader#referenceEnd} and the tokenizer's
 * character reference state end a reference at the same place, on plain cases and on every
 * string of up to five units of an alphabet made of what the grammar tells apart.
 */
class TagReaderReferenceTest {

    private static int end(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return TagReader.referenceEnd(b, 0, b.length);
    }

    @Test
    void namedAndNumericReferences_endAfterTheirSemicolon_orAtWhatEndsThem() {
        assertEquals(5, end("&amp;x"));
        assertEquals(4, end("&amp x"), "no ';': the space is text");
        assertEquals(6, end("&#123;x"));
        assertEquals(6, end("&#x1F;x"));
        assertEquals(6, end("&#X1f;x"));
        assertEquals(2, end("&#;x"), "no digit: the ';' is text");
        assertEquals(3, end("&#x;x"));
        assertEquals(4, end("&#12a"), "a letter ends decimal digits");
        assertEquals(1, end("& x"), "'&' alone");
        assertEquals(1, end("&<b>"));
        assertEquals(12, end("&abcdefghij;"), "a named reference of any length");
    }

    @Test
    void aReferenceCutByTheEndOfTheWrite_isNotToldYet() {
        for (String cut : new String[] {"&", "&amp", "&#", "&#12", "&#x", "&#xAB"}) {
            assertEquals(-1, end(cut), cut);
        }
    }

    /** Records when the reference that begins at 0 is reported, and whether the unit that ended it is read again as text. */
    private static final class Recorder implements Tokenizer.Sink {
        /** The unit being fed. */
        int unit;
        /** The unit during which the reference was reported, or -1. */
        int endedAt = -1;
        boolean endingUnitIsText;

        @Override
        public void character(long pos, int c, boolean runStart) {
            if (pos == 0 && endedAt < 0) {
                endedAt = unit;
            } else if (endedAt >= 0 && pos == endedAt) {
                endingUnitIsText = true;
            }
        }

        @Override
        public void startTag(long pos, String name) {
        }

        @Override
        public void endTag(long pos, String name) {
        }

        @Override
        public void tagEnd(long end, boolean selfClosing) {
        }

        @Override
        public void comment(long pos) {
        }

        @Override
        public void doctype(long pos) {
        }
    }

    /** Where the tokenizer's character reference state ends the reference that begins at 0, or -1. */
    private static int tokenizerEnd(String s) {
        Recorder sink = new Recorder();
        Tokenizer tok = new Tokenizer(sink, 1);
        for (int k = 0; k < s.length(); k++) {
            sink.unit = k;
            tok.feed(s.charAt(k), k);
            if (sink.endedAt >= 0) {
                // the unit that ended it is read again when it is text, or opens a tag or another reference
                boolean readAgain = sink.endingUnitIsText || tok.state() != Tokenizer.DATA;
                return readAgain ? k : k + 1;
            }
        }
        return -1;
    }

    @Test
    void theFastPathAndTheTokenizer_endEveryReferenceAtTheSamePlace() {
        char[] alphabet = {'#', 'x', 'X', '0', '9', 'a', 'F', 'g', ';', ' ', '<'};
        int compared = 0;
        int told = 0;
        for (int len = 0; len <= 5; len++) {
            int[] digit = new int[len];
            while (true) {
                StringBuilder sb = new StringBuilder("&");
                for (int d : digit) {
                    sb.append(alphabet[d]);
                }
                String s = sb.toString();
                int fast = end(s);
                int tokenizer = tokenizerEnd(s);
                assertEquals(tokenizer, fast, () -> "where \"" + s + "\" ends");
                compared++;
                told += fast >= 0 ? 1 : 0;
                int k = len - 1;
                while (k >= 0 && ++digit[k] == alphabet.length) {
                    digit[k--] = 0;
                }
                if (k < 0) {
                    break;
                }
            }
        }
        assertTrue(compared > 170_000 && told > 100_000, compared + " compared, " + told + " ended within the string");
    }
}
