package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import static dev.helpline.core.html.internal.TableStack.CONTENT;
import static dev.helpline.core.html.internal.TableStack.ENDS_CONTENT;
import static dev.helpline.core.html.internal.TableStack.ENDS_GROUP;
import static dev.helpline.core.html.internal.TableStack.FOLLOWED;
import static dev.helpline.core.html.internal.TableStack.GROUP;
import static dev.helpline.core.html.internal.TableStack.IN_CAPTION;
import static dev.helpline.core.html.internal.TableStack.IN_TD;
import static dev.helpline.core.html.internal.TableStack.IN_TH;
import static dev.helpline.core.html.internal.TableStack.TBODY;
import static dev.helpline.core.html.internal.TableStack.TFOOT;
import static dev.helpline.core.html.internal.TableStack.THEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tables' stack and the rules of their parts' tags, on plain table bytes. */
class TableStackTest {

    /** A table byte through a sequence of part start tags, as the scanner applies them (a cell's end first). */
    private static int afterStarts(int table, String... names) {
        for (String name : names) {
            table &= ~CONTENT; // the scanner ends the open cell or caption first
            table = TableStack.partStart(table, name);
            table |= TableStack.contentOf(name);
        }
        return table;
    }

    @Test
    void cellsAndRowsImplyATbody_rowGroupsReplaceEachOther_captionAndColumnsCloseThem() {
        int t = TableStack.opened(true, false, false);
        assertEquals(FOLLOWED | TBODY | IN_TD, afterStarts(t, "td"));
        assertEquals(FOLLOWED | TBODY, afterStarts(t, "tr"));
        assertEquals(FOLLOWED | THEAD | IN_TH, afterStarts(t, "thead", "tr", "th"));
        assertEquals(FOLLOWED | TFOOT, afterStarts(t, "thead", "tfoot"));
        assertEquals(FOLLOWED | IN_CAPTION, afterStarts(t, "tbody", "caption"));
        assertEquals(FOLLOWED, afterStarts(t, "tbody", "tr", "td", "colgroup"));
        assertEquals(FOLLOWED, afterStarts(t, "tfoot", "col"));
        assertEquals(0, TableStack.contentOf("tr"));
    }

    @Test
    void cellEnds_onlyTheirOwnKind_aRowEndEndsACell_aRowGroupEndOnlyTheOpenOne() {
        int td = TBODY | IN_TD;
        assertEquals(ENDS_CONTENT, TableStack.partEnd(td, "td"));
        assertEquals(0, TableStack.partEnd(td, "th"));
        assertEquals(0, TableStack.partEnd(td, "caption"));
        assertEquals(ENDS_CONTENT, TableStack.partEnd(td, "tr"));
        assertEquals(ENDS_CONTENT | ENDS_GROUP, TableStack.partEnd(td, "tbody"));
        assertEquals(0, TableStack.partEnd(td, "thead"), "a </thead> in a tbody is ignored");
        assertEquals(ENDS_GROUP, TableStack.partEnd(THEAD, "thead"));
        assertEquals(ENDS_CONTENT, TableStack.partEnd(THEAD | IN_TH, "th"));
        assertEquals(0, TableStack.partEnd(IN_CAPTION, "tr"), "a </tr> in a caption is ignored");
        assertEquals(0, TableStack.partEnd(IN_CAPTION | TBODY, "tbody"), "nor a row group's end");
        assertEquals(ENDS_CONTENT, TableStack.partEnd(IN_CAPTION, "caption"));
        assertEquals(0, TableStack.partEnd(TBODY | IN_TD, "colgroup"));
        assertEquals(0, TableStack.partEnd(TBODY | IN_TD, "col"));
    }

    @Test
    void theStack_holdsAByteATable_innermostOnTop() {
        long s = TableStack.push(TableStack.EMPTY, TableStack.opened(true, true, false) | TBODY | IN_TD);
        s = TableStack.push(s, TableStack.opened(false, false, true));
        assertEquals(TableStack.OUTER_HEADING, TableStack.top(s));
        assertFalse(TableStack.inContent(s));
        s = TableStack.withTop(s, TableStack.top(s) | IN_TH);
        assertTrue(TableStack.inContent(s));
        assertFalse(TableStack.cellLinkable(s), "the inner table's cells are not followed");
        s = TableStack.pop(s);
        assertEquals(FOLLOWED | TableStack.OUTER_P | TBODY | IN_TD, TableStack.top(s));
        assertTrue(TableStack.cellLinkable(s));
        assertEquals(TableStack.EMPTY, TableStack.pop(s));
    }

    @Test
    void theFieldsOfAByte_doNotOverlap() {
        int[] fields = {CONTENT, GROUP, FOLLOWED, TableStack.OUTER_P, TableStack.OUTER_HEADING};
        int all = 0;
        for (int f : fields) {
            assertEquals(0, all & f);
            all |= f;
        }
        assertTrue(all <= 0xFF, "a table's state fits its byte");
    }

    @Test
    void theTagsOfATablesParts_inASelect() {
        for (String part : new String[] {"caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th"}) {
            assertTrue(TableStack.isPart(part), part);
        }
        for (String other : new String[] {"col", "colgroup", "option", "div", ""}) {
            assertFalse(TableStack.isPart(other), other);
        }
    }
}
