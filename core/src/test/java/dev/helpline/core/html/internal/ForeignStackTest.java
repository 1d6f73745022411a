package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The svg/MathML stack the head's tracker and the body scanner share. */
class ForeignStackTest {

    @Test
    void kind_namesTheSpecsIntegrationPoints_andNothingElse() {
        for (String n : new String[] {"foreignobject", "desc", "title"}) {
            assertEquals(ForeignStack.SVG_HTML_POINT, ForeignStack.kind(true, n), n);
            assertEquals(ForeignStack.MATH, ForeignStack.kind(false, n), n);
        }
        for (String n : new String[] {"mi", "mo", "mn", "ms", "mtext"}) {
            assertEquals(ForeignStack.MATH_TEXT_POINT, ForeignStack.kind(false, n), n);
            assertEquals(ForeignStack.SVG, ForeignStack.kind(true, n), n);
        }
        for (String n : new String[] {"g", "path", "annotation-xml", "mrow", "math", "svg"}) {
            assertFalse(ForeignStack.isIntegrationPoint(ForeignStack.kind(true, n)), n);
            assertFalse(ForeignStack.isIntegrationPoint(ForeignStack.kind(false, n)), n);
        }
        assertTrue(ForeignStack.isSvg(ForeignStack.SVG_HTML_POINT));
        assertFalse(ForeignStack.isSvg(ForeignStack.MATH_TEXT_POINT));
    }

    @Test
    void endTags_popToTheInnermostOfTheirName_andIntegrationPointsStopThePopOfBreakingOut() {
        ForeignStack s = new ForeignStack();
        s.push(1, ForeignStack.SVG);            // svg
        s.push(2, ForeignStack.SVG);            // g
        s.push(3, ForeignStack.SVG_HTML_POINT); // foreignObject
        s.push(2, ForeignStack.SVG);            // g
        for (int i = 0; i < 20; i++) {
            s.push(4, ForeignStack.SVG);        // past the first arrays' size
        }
        assertEquals(24, s.size());
        assertEquals(3, s.lastIndexOf(2));
        assertEquals(-1, s.lastIndexOf(9));
        assertTrue(s.integrationPointOpen());
        ForeignStack copy = s.copy();
        s.popToIntegrationPoint();
        assertEquals(3, s.size());
        assertEquals(ForeignStack.SVG_HTML_POINT, s.top());
        assertEquals(24, copy.size(), "a copy is a copy");
        s.truncate(1);
        assertFalse(s.integrationPointOpen());
        s.popToIntegrationPoint();
        assertEquals(0, s.size());
    }
}
