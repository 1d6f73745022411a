package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The elements an early body left open, on plain sequences of tags. */
class EarlyBodyTest {

    @Test
    void plainElementsClosedInOrder_leaveNothingOpen() {
        EarlyBody b = new EarlyBody();
        assertTrue(b.open(10, "noscript"));
        assertTrue(b.open(20, "div"));
        assertTrue(b.open(30, "span"));
        assertTrue(b.openBefore(11));
        assertFalse(b.openBefore(10), "opened at 10: not before it");
        assertTrue(b.close("span"));
        assertTrue(b.close("div"));
        assertTrue(b.close("noscript"));
        assertFalse(b.openBefore(1000));
        assertTrue(b.close("div"), "a stray end tag closes nothing known");
    }

    @Test
    void whatMayCloseOrReopenAnOpenElement_isNotPlain() {
        EarlyBody p = new EarlyBody();
        assertTrue(p.open(0, "p"));
        assertTrue(p.open(1, "b"), "phrasing inside a p");
        assertFalse(p.open(2, "div"), "a block closes the p");
        assertFalse(p.open(3, "b"), "a second b: the list of active formatting elements");
        EarlyBody h = new EarlyBody();
        assertTrue(h.open(0, "h2"));
        assertFalse(h.open(1, "h3"), "a heading in a heading");
        assertTrue(h.close("h4"), "one heading's end tag closes another");
        assertFalse(new EarlyBody().open(0, "table"), "not among the plain elements");
    }

    @Test
    void anEndTagThatClosesMoreThanTheInnermost_isNotPlain() {
        EarlyBody b = new EarlyBody();
        b.open(0, "div");
        b.open(1, "span");
        assertFalse(b.close("div"));
    }

    @Test
    void atMostMaxAreFollowed() {
        String[] blocks = {"noscript", "div", "section", "header", "footer", "nav", "aside", "article", "main", "ul",
            "ol", "dl", "figure", "figcaption", "picture", "center", "blockquote"};
        EarlyBody b = new EarlyBody();
        for (int i = 0; i < EarlyBody.MAX; i++) {
            assertTrue(b.open(i, blocks[i]), blocks[i]);
        }
        assertFalse(b.open(99, blocks[EarlyBody.MAX]), "one more than followed");
        EarlyBody nested = new EarlyBody();
        nested.open(0, "div");
        assertFalse(nested.open(1, "div"), "an element of an open one's name is not followed");
    }
}
