package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import static dev.helpline.core.html.internal.TagFlags.BLOCK_SHIFT;
import static dev.helpline.core.html.internal.TagFlags.CLOSES_P;
import static dev.helpline.core.html.internal.TagFlags.FORGETS_AT_END;
import static dev.helpline.core.html.internal.TagFlags.FORGETS_AT_START;
import static dev.helpline.core.html.internal.TagFlags.HEADING;
import static dev.helpline.core.html.internal.TagFlags.PLAIN;
import static dev.helpline.core.html.internal.TagFlags.SPECIAL;
import static dev.helpline.core.html.internal.TagFlags.VOID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tag name's flags, as the body scanner looks them up (the name lists themselves: TagListsTest). */
class TagFlagsTest {

    @Test
    void flagsOfSomeNames() {
        assertEquals(CLOSES_P | SPECIAL | PLAIN | BlockStack.DIV << BLOCK_SHIFT, TagFlags.ofName("div"));
        assertEquals(CLOSES_P | SPECIAL, TagFlags.ofName("p"), "p: not plain (the scanner counts paragraphs)");
        assertEquals(CLOSES_P | SPECIAL | HEADING | BlockStack.HEADING << BLOCK_SHIFT, TagFlags.ofName("h2"));
        assertEquals(PLAIN, TagFlags.ofName("span"));
        assertEquals(VOID | PLAIN, TagFlags.ofName("br"));
        assertEquals(VOID | SPECIAL | CLOSES_P | PLAIN, TagFlags.ofName("hr"), "void: its end tag forgets nothing");
        assertEquals(SPECIAL | FORGETS_AT_START | FORGETS_AT_END, TagFlags.ofName("button"));
        assertEquals(FORGETS_AT_START | PLAIN, TagFlags.ofName("rt"));
        assertEquals(FORGETS_AT_END, TagFlags.ofName("svg"), "not special, yet its end forgets the blocks");
        assertEquals(0, TagFlags.ofName(""), "a name not known");
        assertEquals(0, TagFlags.ofName("x-widget"));
    }

    @Test
    void theTableByIdAgreesWithTheLookUpByName() {
        for (String name : Names.known()) {
            int id = Names.known().indexOf(name);
            assertEquals(TagFlags.ofName(name), TagFlags.FLAGS[id], name);
            int f = TagFlags.FLAGS[id];
            assertEquals(TagFlags.heading(name), (f & HEADING) != 0, name);
            assertEquals(BlockStack.code(name), f >>> BLOCK_SHIFT, name);
            if ((f & HEADING) != 0) {
                assertEquals(0, f & PLAIN, name + ": a heading is never plain");
            }
        }
        assertEquals("a", Names.name(TagFlags.ID_A));
        assertEquals("p", Names.name(TagFlags.ID_P));
        assertEquals("font", Names.name(TagFlags.ID_FONT));
        assertTrue(TagFlags.FLAGS.length == Names.count());
    }
}
