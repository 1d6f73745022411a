package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The number matcher on plain strings: no markup, no tokenizer, no widget. */
class NumberMatcherTest {

    /** What the body scanner is to the matcher: here, a function. */
    private interface Found {
        boolean number(long national, long start, long end);
    }

    private static NumberMatcher matcher(int width, Found found) {
        return new NumberMatcher(width) {
            @Override
            boolean number(long national, long start, long end) {
                return found.number(national, start, end);
            }
        };
    }

    /** Each number found, as "national@start-end". */
    private static List<String> unitByUnit(String text) {
        List<String> found = new ArrayList<>();
        NumberMatcher m = matcher(1, (national, start, end) -> {
            found.add(national + "@" + start + "-" + end);
            return false;
        });
        for (int i = 0; i < text.length(); i++) {
            m.unit(text.charAt(i), i);
        }
        m.endRun();
        return found;
    }

    /** The same text fed as the body scanner's byte loop does: region slices at a time. */
    private static List<String> bySlices(String text, int width) {
        List<String> found = new ArrayList<>();
        NumberMatcher m = matcher(width, (national, start, end) -> {
            found.add(national + "@" + start / width + "-" + end / width);
            return false;
        });
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (m.inRegion()) {
                int j = i;
                while (j < b.length && NumberMatcher.REGION[b[j] & 0xFF]) {
                    j++;
                }
                i = m.add(b, i, j);
                if (i < b.length) {
                    m.unit(b[i] & 0xFF, (long) i * width);
                    i++;
                }
            } else {
                m.unit(c, (long) i * width);
                i++;
            }
        }
        m.endRun();
        return found;
    }

    private static List<String> one(String text) {
        List<String> a = unitByUnit(text);
        assertEquals(a, bySlices(text, 1), "slices and units must agree on " + text);
        assertEquals(a, bySlices(text, 2), "positions scale with the unit width on " + text);
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"800-601-3889", "(800) 601-3889", "(800)601-3889", "800.601.3889", "800 601 3889",
        "1-800-601-3889", "+1 800 601 3889", "+1800-601-3889", "1 800 601 3889"})
    void everyWrittenForm_isFound(String number) {
        String text = "Call " + number + " now.";
        assertEquals(List.of("8006013889@5-" + (5 + number.length())), one(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8006013889",            // ten digits without separators
        "555-800-601-3889",      // a digit and a separator before it
        "+44 800 601 3889",      // another country
        "1800-601-38890",        // a digit after it
        "800-601-3889x",         // a letter after it
        "800-601-3889-1",        // '-' and a digit after it
        "x800-601-3889",         // a letter before it
        "(800 601-3889",         // unbalanced parenthesis
        "100-601-3889",          // area codes begin with 2..9
        "800--601-3889",         // two separators
        "800-601-388",           // too short
    })
    void notNumbers_areNotFound(String text) {
        assertEquals(List.of(), one(text));
    }

    @Test
    void endOfSentence_isABoundary() {
        assertEquals(List.of("8006013889@0-12"), one("800-601-3889."));
        assertEquals(List.of("8006013889@0-12"), one("800-601-3889. Then"));
    }

    @Test
    void aListSeparatedBySpaces_isSeveralNumbers() {
        assertEquals(List.of("8006013889@0-12", "8886286262@13-25"), one("800-601-3889 888-628-6262"));
    }

    @Test
    void nonAsciiUnits_areBoundaries() {
        // a no-break space before, an ideographic full stop after
        assertEquals(List.of("8006013889@1-13"), unitByUnit("\u00a0800-601-3889\u3002"));
    }

    @Test
    void endOfRun_endsTheRegion() {
        NumberMatcher m = matcher(1, (national, start, end) -> {
            throw new AssertionError("split by markup: " + national);
        });
        String a = "800-601";
        String b = "-3889";
        for (int i = 0; i < a.length(); i++) {
            m.unit(a.charAt(i), i);
        }
        m.endRun(); // a tag between the halves
        for (int i = 0; i < b.length(); i++) {
            m.unit(b.charAt(i), 100 + i);
        }
        m.endRun();
    }

    @Test
    void longRunsOfDigitsAndSpaces_slide_andStillFindTheNumbersInThem() {
        String filler = "12 34 56 78 90 ".repeat(9); // 135 region units, more than the region holds
        String text = filler + "800 601 3889 " + filler + "(888) 628-6262";
        int first = filler.length();
        // a number after "90 " is after a digit and a separator: not a number...
        assertEquals(List.of(), one(text));
        // ...but after a letter and a space it is, at any offset past the region's size
        String words = "word ".repeat(30);
        String text2 = filler + "x 800 601 3889 x " + filler + "x (888) 628-6262";
        assertEquals(List.of("8006013889@" + (first + 2) + "-" + (first + 14),
                "8886286262@" + (text2.length() - 14) + "-" + text2.length()), one(text2));
        assertEquals(List.of("8006013889@" + (words.length()) + "-" + (words.length() + 12)),
                one(words + "800-601-3889"));
    }

    @Test
    void holdsFromTheRegionsStart_andNothingOutsideOne() {
        NumberMatcher m = matcher(2, (national, start, end) -> false);
        assertEquals(-1, m.heldFrom());
        m.unit('a', 0);
        assertEquals(-1, m.heldFrom());
        m.unit('8', 2);
        m.unit('0', 4);
        assertEquals(2, m.heldFrom());
        m.drop();
        assertEquals(-1, m.heldFrom());
    }

    @Test
    void aNumberFoundWhileSliding_canStopTheSlice() {
        List<Long> found = new ArrayList<>();
        NumberMatcher m = matcher(1, (national, start, end) -> found.add(national));
        byte[] b = ("800-601-3889 " + "1 ".repeat(40)).getBytes(StandardCharsets.ISO_8859_1);
        m.start(b[0], 0);
        int stopped = m.add(b, 1, b.length);
        // the region filled at 40 units; the slide found the number, and the add stopped
        // right after the unit that found the region full
        assertEquals(41, stopped);
        assertEquals(List.of(8006013889L), found);
    }
}
