package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void aNameLongerThanTheScannerReads_isRefused_namingIt() {
        assertEquals("x".repeat(16), SlotRule.checkFits("x".repeat(16)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SlotRule.checkFits("x".repeat(17)));
        assertTrue(e.getMessage().contains("'" + "x".repeat(17) + "'"), e.getMessage());
    }

    /** An attribute name as the tokenizer reports it: the first ATTR_NAME_MAX units held, the full length given. */
    private static boolean isAttribute(String name) {
        char[] held = new char[Tokenizer.ATTR_NAME_MAX];
        name.getChars(0, Math.min(name.length(), held.length), held, 0);
        return SlotRule.isAttribute(held, name.length());
    }

    @Test
    void theSlotAttribute_isToldFromTheSkipAttributeAndOtherNames() {
        assertTrue(isAttribute("data-helpline-slot"));
        assertFalse(isAttribute("data-helpline-skip"));
        assertFalse(isAttribute("data-helpline-slots"));
        assertFalse(isAttribute("data-helpline-sl"));
        assertFalse(isAttribute("data-helpline"));
    }

    /** A comment as the scanner reads it: what followed "<!--", with its "-->". */
    private static SlotRule comment(String afterOpening) {
        return SlotRule.ofComment(afterOpening.toCharArray(), afterOpening.length());
    }

    @Test
    void aMarkerComment_mayHaveSpacesAroundItsMarker_andNothingElse() {
        assertEquals(SlotRule.CTA, comment("helpline:cta-->"));
        assertEquals(SlotRule.CTA, comment("  helpline:cta   -->"));
        assertNull(comment(" helpline:cta --"), "not ended");
        assertNull(comment(" helpline:cta x -->"));
        assertNull(comment("\thelpline:cta-->"), "only spaces are trimmed");
        assertNull(comment("-->"));
        assertNull(comment(""));
    }
}
