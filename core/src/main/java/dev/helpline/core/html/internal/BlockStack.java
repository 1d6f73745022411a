package dev.helpline.core.html.internal;

/**
 * The block elements known open in the body's flow, as the stack of open elements has them,
 * from where the body scanner last lost track of them: the innermost {@link #MAX} of them.
 * The scanner follows them only while the box is due after a paragraph, to know whether an
 * end tag such as {@code </div>} pops the p open in one of them.
 *
 * <p>An end tag such as {@code </div>} closes the open p only if a div is open in scope,
 * which the scanner's other counters cannot tell (a stray {@code </div>} is ignored, and the p
 * stays open). Start tags push blocks (an li, dd or dt first closes the item the spec's loop
 * finds; a heading that may pop a heading forgets them all), their end tags pop up to the
 * innermost of their name. What the scanner does not follow, it forgets ({@link #EMPTY}).
 *
 * <p>A stack is one {@code long}, a value: {@link #MAX} codes of five bits, the innermost in
 * the lowest bits, and the count in the top four bits. The scanner keeps it in a field and
 * these functions compute the next one, so following the blocks allocates nothing and costs
 * no indirection on the scanner's per-tag path.
 */
final class BlockStack {
    /** Nothing known open. */
    static final long EMPTY = 0;
    /** How many blocks are known at most; a push beyond forgets the outermost. */
    static final int MAX = 8;

    /** The elements whose end tag, when one is open in scope, pops it and all opened in it (a p too), by code; "h": any heading. */
    private static final String[] NAMES = {"", "h", "li", "dd", "dt", "ol", "ul", "div", "address", "article",
        "aside", "blockquote", "center", "details", "dialog", "dir", "dl", "fieldset", "figcaption", "figure", "footer",
        "header", "hgroup", "main", "menu", "nav", "search", "section", "summary", "pre", "listing"};
    static final int HEADING = 1, LI = 2, DD = 3, DT = 4, OL = 5, UL = 6, DIV = 7, ADDRESS = 8;
    /** {@link #innermost}: none of that name can be in scope (an li past an ol or ul); not known. */
    static final int NOT_IN_SCOPE = -1, UNKNOWN = -2;

    private static final int BITS = 5;
    private static final long CODES = (1L << (BITS * MAX)) - 1;
    private static final int COUNT_SHIFT = 60;

    static {
        if (NAMES.length > 1 << BITS) {
            throw new IllegalStateException("block codes do not fit " + BITS + " bits");
        }
    }

    private BlockStack() {
    }

    /** The code of a block element's name (1 for any heading), or 0 for other names. */
    static int code(String name) {
        if (name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6') {
            return HEADING;
        }
        for (int code = LI; code < NAMES.length; code++) {
            if (NAMES[code].equals(name)) {
                return code;
            }
        }
        return 0;
    }

    /** How many blocks are known open. */
    static int size(long stack) {
        return (int) (stack >>> COUNT_SHIFT);
    }

    /** The code of the known block {@code k} levels in (0: the innermost), for {@code k < size}. */
    static int at(long stack, int k) {
        return (int) (stack >>> (k * BITS)) & ((1 << BITS) - 1);
    }

    /** With {@code code} opened inside; beyond {@link #MAX}, the outermost known is forgotten. */
    static long push(long stack, int code) {
        int size = Math.min(size(stack) + 1, MAX);
        return (stack << BITS | code) & CODES | (long) size << COUNT_SHIFT;
    }

    /** Without the innermost {@code n} ({@code n <= size}). */
    static long pop(long stack, int n) {
        int size = size(stack) - n;
        return size == 0 ? EMPTY : (stack & CODES) >>> (n * BITS) | (long) size << COUNT_SHIFT;
    }

    /** How many levels in the innermost known block with that code is; or {@link #NOT_IN_SCOPE}, {@link #UNKNOWN}. */
    static int innermost(long stack, int code) {
        int size = size(stack);
        for (int k = 0; k < size; k++) {
            int c = at(stack, k);
            if (c == code) {
                return k;
            }
            if (code == LI && (c == OL || c == UL)) {
                return NOT_IN_SCOPE; // </li> looks in list item scope
            }
        }
        return UNKNOWN;
    }

    /**
     * After the start tag of the block {@code code}: an li (or a dd or dt) first closes the
     * innermost open item of its kind, looking past div, address and p elements only (the
     * spec's loop; past what is known it may close one below, so all is forgotten); a
     * heading inside a heading may pop it or what was opened in it (forgotten too).
     */
    static long start(long stack, int code) {
        if (code == LI || code == DD || code == DT) {
            stack = closeListItem(stack, code);
        } else if (code == HEADING && size(stack) > 0 && at(stack, 0) == HEADING) {
            stack = EMPTY;
        }
        return push(stack, code);
    }

    private static long closeListItem(long stack, int code) {
        int size = size(stack);
        for (int k = 0; k < size; k++) {
            int c = at(stack, k);
            if (code == LI ? c == LI : c == DD || c == DT) {
                return pop(stack, k + 1);
            }
            if (c != DIV && c != ADDRESS) {
                return stack;
            }
        }
        return EMPTY;
    }

    /**
     * After the end tag of the block {@code code}: popped up to the innermost of its name if
     * known ({@link #innermost} at least 0); unchanged if none can be in scope; else
     * forgotten, as the tag may pop blocks opened before what is known.
     */
    static long end(long stack, int code) {
        int k = innermost(stack, code);
        return k >= 0 ? pop(stack, k + 1) : k == NOT_IN_SCOPE ? stack : EMPTY;
    }
}
