package dev.helpline.core.html.internal;

import dev.helpline.core.html.StopReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tree bookkeeping on its own: tags given by name (as the scanner reports them outside
 * svg/math, each at the next position), and what it then says of the place.
 */
class BodyTreeTest {

    /** A tree that records what it asks of the scanner. */
    private static final class Tree extends BodyTree {
        final List<Long> boxes = new ArrayList<>();
        StopReason stop;
        long pos;

        Tree(int afterParagraph) {
            super(1, afterParagraph);
        }

        @Override
        boolean following() {
            return stop == null;
        }

        @Override
        void poison(StopReason reason) {
            if (stop == null) {
                stop = reason;
            }
        }

        @Override
        void boxAt(long at) {
            boxes.add(at);
        }

        @Override
        boolean number(long national, long start, long end) {
            return false;
        }

        /** Tags as "p", "/p", each at the next position; a start tag ends one unit later. */
        Tree tags(String... tags) {
            for (String t : tags) {
                pos += 10;
                boolean end = t.startsWith("/");
                String name = end ? t.substring(1) : t;
                int f = TagFlags.ofName(name);
                if (end) {
                    if (!ignoredInSelect(name)) {
                        endTagInBody(name, f, pos);
                    }
                } else if (!inSelect() || startTagInSelect(name)) {
                    startTagInBody(name, f, pos);
                }
                tagEnded(pos + 1);
            }
            return this;
        }
    }

    @Test
    void textIsLinkedInFlow_notInALinkButtonOrObject_andAgainAfterTheirEnd() {
        Tree t = new Tree(0);
        assertTrue(t.linkable());
        assertEquals("in a link", t.tags("div", "a").whyLeft());
        assertFalse(t.linkable());
        assertTrue(t.tags("/a").linkable());
        assertEquals("in a button", t.tags("button").whyLeft());
        assertTrue(t.tags("/button").linkable());
        assertEquals("in an object, applet or marquee", t.tags("object").whyLeft());
        assertTrue(t.tags("/object", "/div").linkable());
    }

    @Test
    void tables_areLinkedInTheirCells_notAtTheTableLevel_andTheTableEndRestoresWhatWasBefore() {
        Tree t = new Tree(0);
        assertEquals("in a table outside its cells", t.tags("table").whyLeft());
        assertFalse(t.linkable());
        assertTrue(t.tags("tr", "td").linkable(), "a cell is flow");
        assertFalse(t.tags("td", "a").linkable());
        assertFalse(t.tags("/td").linkable(), "the link ends with its cell; the row level is not flow");
        assertTrue(t.tags("td").linkable(), "the next cell is flow again");
        assertTrue(t.tags("/table").linkable());
        // a table begun inside a link: its cells are left alone
        Tree inLink = new Tree(0).tags("a", "table", "td");
        assertEquals("in a link", inLink.whyLeft());
        assertFalse(inLink.linkable());
    }

    @Test
    void theBox_goesRightAfterTheNthParagraphsEnd_orBeforeTheTagThatClosesIt() {
        Tree afterEnd = new Tree(2).tags("article", "p", "/p", "p", "/p", "p");
        assertEquals(List.of(51L), afterEnd.boxes, "right after the second </p> (at 50, ending at 51)");
        Tree beforeDiv = new Tree(1).tags("main", "p", "div");
        assertEquals(List.of(30L), beforeDiv.boxes, "right before the <div> that closes the p");
        Tree beforeEnd = new Tree(1).tags("article", "div", "p", "/div");
        assertEquals(List.of(40L), beforeEnd.boxes, "before the </div> known to hold the p");
        assertEquals(List.of(), new Tree(1).tags("p", "/p", "p", "/p").boxes, "outside article/main: none");
        assertEquals(List.of(), new Tree(1).tags("article", "a", "p", "/p").boxes, "a p in a link is not counted");
        assertEquals(List.of(), new Tree(1).tags("article", "table", "td", "p", "/p").boxes, "nor one in a table");
    }

    @Test
    void whatItCannotFollow_stopsIt() {
        assertEquals(StopReason.NESTED_TEMPLATE, new Tree(0).tags("template", "template").stop);
        assertEquals(StopReason.TABLE_TAG_IN_SELECT, new Tree(0).tags("table", "td", "select", "/td").stop);
        Tree deep = new Tree(0);
        for (int i = 0; i < TableStack.MAX; i++) {
            deep.tags("table", "td");
        }
        assertNull(deep.stop);
        assertEquals(StopReason.TABLES_TOO_DEEP, deep.tags("table").stop);
        assertEquals(StopReason.LINK_AROUND_BLOCK, new Tree(0).tags("a", "div", "a").stop);
    }

    @Test
    void aSelect_ignoresWhatItIgnores_andEndsAtAnInputOrAnotherSelect() {
        Tree t = new Tree(0).tags("select", "option", "b", "/b");
        assertEquals("in a select", t.whyLeft());
        assertTrue(t.tags("input").linkable(), "an input ends the select");
        assertTrue(new Tree(0).tags("select", "select").linkable());
        assertFalse(new Tree(0).tags("select", "/b").linkable(), "an end tag other than its own is ignored");
    }

    @Test
    void skippedSubtrees_endAtTheEndTagOfTheirName_nestingCounted() {
        Tree t = new Tree(0);
        long section = Names.known().indexOf("section") + 1L; // any distinct keys do
        long div = Names.known().indexOf("div") + 1L;
        t.startTagInBody("section", TagFlags.ofName("section"), 0);
        assertTrue(t.skipStart(true, TagFlags.ofName("section"), section, "section"));
        assertEquals("under data-helpline-skip", t.whyLeft());
        t.skipStart(false, TagFlags.ofName("section"), section, "section"); // a section inside
        t.skipStart(false, TagFlags.ofName("div"), div, "div");
        t.skipEnd(section);
        assertFalse(t.linkable(), "the inner section ended, not the skipped one");
        t.skipEnd(section);
        t.endTagInBody("section", TagFlags.ofName("section"), 1);
        assertTrue(t.linkable());
        assertFalse(new Tree(0).skipStart(true, 0, 7, ""), "a name not known cannot be skipped");
    }

    @Test
    void twoReadings_compareWhatIsOpen() {
        Tree a = new Tree(0).tags("div", "table", "td", "button");
        Tree b = new Tree(0).tags("div", "table", "td", "button");
        assertTrue(a.sameOpen(b));
        assertFalse(a.sameOpen(b.tags("/button")));
        // where no link is open, the level a link was opened at does not count
        Tree inObject = new Tree(0).tags("object", "a", "/a", "/object");
        assertTrue(new Tree(0).tags("a", "/a").sameOpen(inObject));
        assertFalse(new Tree(0).tags("a").sameOpen(new Tree(0).tags("object", "a", "/object")),
                "a link open at another level is another place");
    }
}
