package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slot kinds: what the scanner can read of them, and how their names match. */
class SlotRuleTest {

    @Test
    void everyKindsName_fitsWhatTheTokenizerKeepsOfAnAttributeValue_andItsMarkerTheCommentBuffer() {
        for (SlotRule r : SlotRule.values()) {
            assertTrue(r.name.length() <= Tokenizer.ATTR_VALUE_MAX, r + ": " + r.name);
            // "<!--" is read before the buffer; the buffer holds " marker -->" at least
            assertTrue(r.marker.length() + 2 + 3 <= SlotRule.MARKER_MAX, r + ": " + r.marker);
        }
    }

    /** The value as the tokenizer reports it: at most ATTR_VALUE_MAX units held, the full length given. */
    private static SlotRule attribute(String value) {
        byte[] held = new byte[Tokenizer.ATTR_VALUE_MAX];
        byte[] all = value.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(all, 0, held, 0, Math.min(all.length, held.length));
        return SlotRule.ofAttribute(held, all.length);
    }

    @Test
    void ofAttribute_matchesTheName_inAnyAsciiCase() {
        assertEquals(SlotRule.CTA, attribute("cta"));
        assertEquals(SlotRule.CTA, attribute("CtA"));
    }

    @Test
    void ofAttribute_doesNotMatchPrefixesLongerValuesOrLookAlikes() {
        assertNull(attribute("ct"));
        assertNull(attribute("ctaa"));
        assertNull(attribute("cta" + "x".repeat(20))); // longer than what is held: its length tells
        assertNull(attribute(" cta"));
        assertNull(attribute("c\u00d4a")); // 0xD4 | 0x20 is 't' | 0x80: not ASCII
    }

    @Test
    void ofMarker_matchesTheWholeMarkerExactly() {
        char[] c = "  helpline:cta  ".toCharArray();
        assertEquals(SlotRule.CTA, SlotRule.ofMarker(c, 2, 12));
        assertNull(SlotRule.ofMarker(c, 2, 11));
        assertNull(SlotRule.ofMarker("helpline:CTA".toCharArray(), 0, 12));
        assertNull(SlotRule.ofMarker("helpline:ctb".toCharArray(), 0, 12));
    }
}
