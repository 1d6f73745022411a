package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Names packs names into longs; what it answers must not depend on how. */
class NamesTest {

    @Test
    void id_everyKnownName_isItsIndex() {
        for (int id = 0; id < Names.count(); id++) {
            char[] name = Names.name(id).toCharArray();
            assertEquals(id, Names.id(name, name.length), Names.name(id));
            assertEquals(Names.name(id), Names.lookup(name, name.length));
        }
    }

    @Test
    void id_nameWithATrailingZero_isNotTheShorterName() {
        // packed one character per byte from the low end, "a\0" would read as "a"
        assertEquals(-1, Names.id(new char[] {'a', 0}, 2));
        assertEquals(-1, Names.id(new char[] {'t', 'd', 0, 0}, 4));
        assertEquals("", Names.lookup(new char[] {'p', 0}, 2));
    }

    @Test
    void id_prefixesAndLongerNames_areUnknown() {
        assertEquals(-1, Names.id("figcaptio".toCharArray(), 9));
        assertEquals(-1, Names.id("figcaptions".toCharArray(), 11));
        assertEquals(-1, Names.id("foreignobjectx".toCharArray(), 14));
        assertEquals(-1, Names.id("abcdefghijklmnopq".toCharArray(), 17));
        assertEquals(-1, Names.id("h\u00e9".toCharArray(), 2));
        assertEquals(-1, Names.id(new char[0], 0));
    }
}
