package dev.helpline.core.html.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue of edits, on its own. */
class EditsTest {

    private static String all(Edits e) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e.edits(); i++) {
            sb.append(e.editAt(i)).append(':').append(e.editText(i)).append(':').append(e.editResume(i)).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void keepsEditsInTheOrderQueued_withTheirResumePositions() {
        Edits e = new Edits();
        assertEquals(0, e.edits());
        assertTrue(e.queue(10, "<a>", 10));
        assertTrue(e.queue(22, "</a>", 22));
        assertTrue(e.queue(40, "<div>box</div>", 61)); // replaces a marker comment [40, 61)
        assertEquals(3, e.edits());
        assertEquals(3, e.edits, "the field the feeding loops read");
        assertEquals("10:<a>:10 22:</a>:22 40:<div>box</div>:61", all(e));
    }

    @Test
    void noTextOrAnEmptyTextThatReplacesNothing_isNoEdit_butAnEmptyReplacementIs() {
        Edits e = new Edits();
        assertFalse(e.queue(5, null, 5));
        assertFalse(e.queue(5, "", 5));
        assertEquals(0, e.edits());
        assertTrue(e.queue(5, "", 9), "removes [5, 9)");
        assertEquals("5::9", all(e));
    }

    @Test
    void growsPastTwo_andAfterClearingStartsAgain() {
        Edits e = new Edits();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            e.queue(i * 10, "t" + i, i * 10 + 1);
            expected.append(i * 10).append(":t").append(i).append(':').append(i * 10 + 1).append(' ');
        }
        assertEquals(expected.toString().trim(), all(e));
        e.clearEdits();
        assertEquals(0, e.edits());
        e.queue(100, "a", 100);
        e.queue(200, "b", 200);
        e.queue(300, "c", 300);
        assertEquals("100:a:100 200:b:200 300:c:300", all(e));
        e.clearEdits();
        assertEquals(0, e.edits());
    }
}
