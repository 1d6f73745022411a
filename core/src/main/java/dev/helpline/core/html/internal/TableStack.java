package dev.helpline.core.html.internal;

/**
 * The tables open in the body, each nested in another's cell, as the body scanner follows
 * them: for each, the parser's insertion mode as far as it matters for linking text, the row
 * group open, whether its cells may be linked, and whether a p or a heading was open where
 * it began.
 *
 * <p>A cell's or the caption's content is parsed as the body is ("in cell", "in caption"),
 * within the cell's own scope; at the table level ("in table", "in table body", "in row", "in
 * column group") text and other elements are foster-parented in front of the table. The tags
 * that open and end cells follow the spec's rules: a td after a td, a tr, tbody, caption or
 * col start ends the open cell; a {@code </tr>}, and a {@code </tbody>} when that row group is
 * open, end it too ({@link #partStart}, {@link #partEnd}). What a cell's end pops is the
 * scanner's, which owns the counters.
 *
 * <p>A stack is one {@code long}, a value: a byte per table ({@link #IN_TD} and on), the
 * innermost in the low byte, at most {@link #MAX}. The scanner keeps it in a field (and its
 * depth apart, which also counts the tables of a template's content that it does not follow),
 * and these functions compute the next one: nothing allocated, no indirection on the per-tag
 * checks ({@link #inContent} is one of them).
 */
final class TableStack {
    /** At most this many tables nested in each other's cells are followed. */
    static final int MAX = 8;
    static final long EMPTY = 0;

    // A table's byte: what is open in it...
    static final int IN_TD = 1, IN_TH = 2, IN_CAPTION = 3, CONTENT = 3;
    // ...which row group (a </tbody> ends a cell only in a tbody, and is ignored in a thead)...
    static final int TBODY = 4, THEAD = 8, TFOOT = 12, GROUP = 12;
    /** ...whether its cells may be linked... */
    static final int FOLLOWED = 16;
    /** ...and whether a p or a heading was open in the cell where it began, as it is again after its end. */
    static final int OUTER_P = 32, OUTER_HEADING = 64;

    /** What {@link #partEnd} asks of the scanner: end the open cell or caption, then close the row group. */
    static final int ENDS_CONTENT = 1, ENDS_GROUP = 2;

    private TableStack() {
    }

    /** The innermost table's byte. */
    static int top(long stack) {
        return (int) stack & 0xFF;
    }

    static long withTop(long stack, int table) {
        return (stack & ~0xFFL) | table;
    }

    /** With a table opened inside the innermost one's cell. */
    static long push(long stack, int table) {
        return stack << 8 | table;
    }

    static long pop(long stack) {
        return stack >>> 8;
    }

    /** A new table's byte: no cell open, no row group. */
    static int opened(boolean followed, boolean pOpen, boolean headingOpen) {
        return (followed ? FOLLOWED : 0) | (pOpen ? OUTER_P : 0) | (headingOpen ? OUTER_HEADING : 0);
    }

    /** Whether the innermost table has a cell or its caption open. */
    static boolean inContent(long stack) {
        return (stack & CONTENT) != 0;
    }

    /** Whether the innermost table has a cell or its caption open, and its cells may be linked. */
    static boolean cellLinkable(long stack) {
        return (stack & CONTENT) != 0 && (stack & FOLLOWED) != 0;
    }

    /** Whether a table's part ({@code td}...{@code table}) in a select may close the select and the table. */
    static boolean isPart(String name) {
        switch (name) {
            case "caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th":
                return true;
            default:
                return false;
        }
    }

    /**
     * The table's byte after the start tag of one of its parts (caption, col, colgroup, tbody,
     * thead, tfoot, tr, td, th), its cell or caption already ended: the row group it opens or
     * implies (a tr or a cell is in a row, which a tbody holds). The cell or caption it opens,
     * if any, is {@link #contentOf}.
     */
    static int partStart(int table, String name) {
        int group = table & GROUP;
        return switch (name) {
            case "caption", "col", "colgroup" -> table & ~GROUP;
            case "tbody", "thead", "tfoot" -> table & ~GROUP | group(name);
            default -> group == 0 ? table | TBODY : table; // tr, td, th
        };
    }

    /** What a part's start tag opens: {@link #IN_TD}, {@link #IN_TH}, {@link #IN_CAPTION}, or 0. */
    static int contentOf(String name) {
        return switch (name) {
            case "td" -> IN_TD;
            case "th" -> IN_TH;
            case "caption" -> IN_CAPTION;
            default -> 0;
        };
    }

    /**
     * What the end tag of one of a table's parts but the table's does to it: {@link #ENDS_CONTENT}
     * when it ends the open cell or caption (its own, or a row's end ending a cell), and
     * {@link #ENDS_GROUP} when it ends its row group, the open one; 0 when it is ignored.
     */
    static int partEnd(int table, String name) {
        int content = table & CONTENT;
        boolean inCell = content == IN_TD || content == IN_TH;
        return switch (name) {
            case "td" -> content == IN_TD ? ENDS_CONTENT : 0;
            case "th" -> content == IN_TH ? ENDS_CONTENT : 0;
            case "caption" -> content == IN_CAPTION ? ENDS_CONTENT : 0;
            case "tr" -> inCell ? ENDS_CONTENT : 0;
            case "tbody", "thead", "tfoot" -> (table & GROUP) == group(name) && content != IN_CAPTION
                    ? (inCell ? ENDS_CONTENT : 0) | ENDS_GROUP : 0;
            default -> 0; // col, colgroup: nothing followed here
        };
    }

    private static int group(String name) {
        return name.equals("tbody") ? TBODY : name.equals("thead") ? THEAD : TFOOT;
    }
}
