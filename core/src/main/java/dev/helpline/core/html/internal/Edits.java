package dev.helpline.core.html.internal;

import java.util.Arrays;

/**
 * The changes the body scanner asks its caller to make to the page, in position order: at a
 * position, a text to write, and where the host's units resume (past a replaced comment; else
 * the same position). The scanner queues them and stops feeding; the caller writes the
 * host's units up to each edit, its text, goes on from its resume position, and clears them.
 *
 * <p>The first two (a linked number is two) are held in fields, any more in arrays made the
 * first time a page needs them.
 *
 * <p>The root of the scanner's layers ({@link BodyScanner} extends {@link NumberMatcher}, which
 * extends this), not an object the scanner holds: the scanner is made once per response, and
 * a second object would cost every response 16 to 32 bytes against an allocation budget that
 * has 8 to spare (AllocationBudgetTest). Its state is private here; the layers above see the
 * methods below.
 *
 * <p>Not thread safe; one per response.
 */
class Edits {
    /** How many are queued: {@link #edits()}, read as a field by the scanner's feeding loops. */
    int edits;
    private long at0;
    private long resume0;
    private long at1;
    private long resume1;
    private String text0;
    private String text1;
    /** Edits from the third on; null until a page queues that many. */
    private More more;

    private static final class More {
        /** Edit k + 2 is at {@code pos[2k]}, resumes at {@code pos[2k + 1]}. */
        long[] pos = new long[4];
        String[] text = new String[2];
    }

    Edits() {
    }

    /** How many edits are queued. */
    public final int edits() {
        return edits;
    }

    /** Where edit {@code i} goes. */
    public final long editAt(int i) {
        return i == 0 ? at0 : i == 1 ? at1 : more.pos[2 * (i - 2)];
    }

    /** Where the host's units resume after edit {@code i} (after a replaced comment), else {@link #editAt(int)}. */
    public final long editResume(int i) {
        return i == 0 ? resume0 : i == 1 ? resume1 : more.pos[2 * (i - 2) + 1];
    }

    /** What edit {@code i} writes. */
    public final String editText(int i) {
        return i == 0 ? text0 : i == 1 ? text1 : more.text[i - 2];
    }

    /** The caller made them all. */
    public final void clearEdits() {
        text0 = null;
        text1 = null;
        for (int i = 2; i < edits; i++) {
            more.text[i - 2] = null;
        }
        edits = 0;
    }

    /**
     * Queues writing {@code text} at {@code at}, the host's units going on at {@code resume};
     * answers whether it did: no text, or an empty one that replaces nothing, is no edit.
     */
    final boolean queue(long at, String text, long resume) {
        if (text == null || text.isEmpty() && resume == at) {
            return false;
        }
        if (edits == 0) {
            at0 = at;
            resume0 = resume;
            text0 = text;
        } else if (edits == 1) {
            at1 = at;
            resume1 = resume;
            text1 = text;
        } else {
            int k = edits - 2;
            if (more == null) {
                more = new More();
            } else if (k == more.text.length) {
                more.pos = Arrays.copyOf(more.pos, 4 * k);
                more.text = Arrays.copyOf(more.text, 2 * k);
            }
            more.pos[2 * k] = at;
            more.pos[2 * k + 1] = resume;
            more.text[k] = text;
        }
        edits++;
        return true;
    }
}
