package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The blocks known open, on plain stacks built from names (outermost first). */
class BlockStackTest {

    private static long stack(String... outermostFirst) {
        long s = BlockStack.EMPTY;
        for (String name : outermostFirst) {
            s = BlockStack.push(s, BlockStack.code(name));
        }
        return s;
    }

    /** The stack as names, outermost first ("h" for a heading). */
    private static String names(long s) {
        StringBuilder sb = new StringBuilder();
        for (int k = BlockStack.size(s) - 1; k >= 0; k--) {
            sb.append(sb.length() == 0 ? "" : " ").append(name(BlockStack.at(s, k)));
        }
        return sb.toString();
    }

    private static String name(int code) {
        for (String n : new String[] {"h1", "li", "dd", "dt", "ol", "ul", "div", "address", "article", "aside",
            "blockquote", "center", "details", "dialog", "dir", "dl", "fieldset", "figcaption", "figure", "footer",
            "header", "hgroup", "main", "menu", "nav", "search", "section", "summary", "pre", "listing"}) {
            if (BlockStack.code(n) == code) {
                return n.equals("h1") ? "h" : n;
            }
        }
        throw new AssertionError("no name for code " + code);
    }

    @Test
    void codes_areDistinctForBlocks_oneForAllHeadings_andNoneForOtherNames() {
        assertEquals(BlockStack.HEADING, BlockStack.code("h1"));
        assertEquals(BlockStack.HEADING, BlockStack.code("h6"));
        assertEquals(BlockStack.DIV, BlockStack.code("div"));
        assertEquals(BlockStack.LI, BlockStack.code("li"));
        for (String other : new String[] {"", "p", "span", "h7", "h", "table", "form", "a", "divx"}) {
            assertEquals(0, BlockStack.code(other), other);
        }
        assertEquals("div article section pre listing", names(stack("div", "article", "section", "pre", "listing")));
    }

    @Test
    void pushBeyondTheMaximum_forgetsTheOutermost_andPopsTakeTheInnermost() {
        long s = stack("main", "div", "ul", "li", "div", "ol", "li", "blockquote");
        assertEquals(BlockStack.MAX, BlockStack.size(s));
        s = BlockStack.push(s, BlockStack.code("section"));
        assertEquals("div ul li div ol li blockquote section", names(s));
        assertEquals("div ul li div ol", names(BlockStack.pop(s, 3)));
        assertEquals(BlockStack.EMPTY, BlockStack.pop(s, BlockStack.MAX));
        // a value: the same blocks are the same long, however they were reached
        assertEquals(stack("div", "ul"), BlockStack.pop(stack("div", "ul", "li", "div"), 2));
    }

    @Test
    void innermost_findsTheNearest_andAnLiEndLooksInListItemScope() {
        long s = stack("div", "li", "ul", "div");
        assertEquals(0, BlockStack.innermost(s, BlockStack.DIV));
        assertEquals(BlockStack.NOT_IN_SCOPE, BlockStack.innermost(s, BlockStack.LI)); // the ul is in the way
        assertEquals(BlockStack.UNKNOWN, BlockStack.innermost(s, BlockStack.code("article")));
        assertEquals(2, BlockStack.innermost(stack("li", "div", "address"), BlockStack.LI));
    }

    @Test
    void endTag_popsUpToItsInnermost_leavesAnLiOutOfScope_andForgetsWhatItCannotFind() {
        assertEquals("article", names(BlockStack.end(stack("article", "div", "ul", "li"), BlockStack.DIV)));
        long outOfScope = stack("li", "ol", "div");
        assertEquals(outOfScope, BlockStack.end(outOfScope, BlockStack.LI));
        // a </section> not known open may close one opened before what is known: all forgotten
        assertEquals(BlockStack.EMPTY, BlockStack.end(stack("div", "div"), BlockStack.code("section")));
    }

    @Test
    void listItemStart_closesTheOpenItemPastDivAndAddressOnly() {
        int li = BlockStack.LI;
        assertEquals("ul li", names(BlockStack.start(stack("ul", "li"), li)));
        assertEquals("ul li", names(BlockStack.start(stack("ul", "li", "div", "address"), li)));
        // another block in the way: the spec's loop stops there, the li nests
        assertEquals("ul li section li", names(BlockStack.start(stack("ul", "li", "section"), li)));
        // a dd closes a dt and a dd, not an li
        assertEquals("dl dd", names(BlockStack.start(stack("dl", "dt"), BlockStack.DD)));
        assertEquals("li dt", names(BlockStack.start(stack("li"), BlockStack.DT)));
        // past what is known only divs: the item it closes may be below, so all is forgotten
        assertEquals("li", names(BlockStack.start(stack("div", "div"), li)));
    }

    @Test
    void headingInAHeading_forgetsAll_elseHeadingsPushLikeAnyBlock() {
        assertEquals("h", names(BlockStack.start(stack("article", "h1"), BlockStack.HEADING)));
        assertEquals("article h", names(BlockStack.start(stack("article"), BlockStack.HEADING)));
        assertEquals("h div h", names(BlockStack.start(stack("h2", "div"), BlockStack.HEADING)));
    }
}
