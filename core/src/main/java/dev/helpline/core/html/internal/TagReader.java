package dev.helpline.core.html.internal;

/**
 * The body scanner's fast path through a whole tag that is all in one write: its name
 * looked up in {@link Names} a word at a time, its attributes read with a table that
 * follows the tokenizer's attribute states ("before attribute name" to "self-closing start
 * tag") without reporting anything. What it cannot decide (a tag cut by the write's end, an
 * attribute that may be {@code data-helpline-*}, a font in svg) it leaves to the
 * {@link Tokenizer}, which reads the same tag unit by unit: both must agree on where a tag
 * ends and whether it is self-closing. The chunking and fuzz tests compare the output of
 * whole writes with that of writes split everywhere (where a split cuts a tag, the
 * tokenizer reads it), which is how a disagreement would show.
 *
 * <p>Static and allocation free; over bytes only (a writer's chars reach it narrowed to
 * bytes).
 */
final class TagReader {
    private TagReader() {
    }

    /** Ends a tag name: whitespace, '/' and '>'. */
    static final boolean[] NAME_END = new boolean[256];

    static {
        for (char c : " \t\n\f\r/>".toCharArray()) {
            NAME_END[c] = true;
        }
    }

    // fastTag follows the tokenizer's attribute states (HTML, "before attribute name" to
    // "self-closing start tag") with a table: the class of a unit there...
    private static final int T_OTHER = 0, T_WS = 1, T_SLASH = 2, T_EQ = 3, T_GT = 4, T_DQ = 5, T_SQ = 6, T_D = 7;
    private static final byte[] TAG = new byte[256];
    // ...the states...
    private static final int BEFORE_NAME = 0, NAME = 1, AFTER_NAME = 2, BEFORE_VALUE = 3, UNQUOTED = 4,
            AFTER_QUOTED = 5, SELF_CLOSING = 6;
    // ...and the steps that are more than a change of state: a quoted value opens, an
    // attribute name begins with 'd' (data-helpline-*?), the tag ends.
    private static final int OPEN_DQ = 7, OPEN_SQ = 8, NAME_D = 9, END = 10, END_SELF = 11;
    /** The next state or step, at {@code state << 3 | class}; for start and end tags (whose attributes do not matter). */
    private static final byte[] START_STEP = steps(true), END_STEP = steps(false);

    static {
        for (char c : " \t\n\f\r".toCharArray()) {
            TAG[c] = T_WS;
        }
        TAG['/'] = T_SLASH;
        TAG['='] = T_EQ;
        TAG['>'] = T_GT;
        TAG['"'] = T_DQ;
        TAG['\''] = T_SQ;
        TAG['d'] = TAG['D'] = T_D;
    }

    private static byte[] steps(boolean start) {
        byte[] t = new byte[(SELF_CLOSING + 1) << 3];
        for (int st = 0; st <= SELF_CLOSING; st++) {
            for (int cl = 0; cl <= T_D; cl++) {
                t[(st << 3) | cl] = (byte) step(st, cl, start);
            }
        }
        return t;
    }

    private static int step(int st, int cl, boolean start) {
        int newName = start && cl == T_D ? NAME_D : NAME;
        if (cl == T_GT) {
            return st == SELF_CLOSING ? END_SELF : END;
        }
        switch (st) {
            case NAME:
                return cl == T_WS ? AFTER_NAME : cl == T_SLASH ? SELF_CLOSING : cl == T_EQ ? BEFORE_VALUE : NAME;
            case AFTER_NAME:
                return cl == T_WS ? AFTER_NAME : cl == T_SLASH ? SELF_CLOSING : cl == T_EQ ? BEFORE_VALUE : newName;
            case BEFORE_VALUE:
                return cl == T_WS ? BEFORE_VALUE : cl == T_DQ ? OPEN_DQ : cl == T_SQ ? OPEN_SQ : UNQUOTED;
            case UNQUOTED:
                return cl == T_WS ? BEFORE_NAME : UNQUOTED;
            default: // before a name, after a quoted value, after '/': '=' and quotes begin a name too
                return cl == T_WS ? BEFORE_NAME : cl == T_SLASH ? SELF_CLOSING : newName;
        }
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH = 0x8080808080808080L;

    /**
     * {@link Names#id} of the name of {@code len} &lt; 8 units at {@code b[from]}, with eight
     * bytes readable there: one word instead of a loop, whose set-up costs more than a
     * short name.
     */
    static int shortNameId(byte[] b, int from, int len) {
        long v = (long) LONGS.get(b, from);
        long mask = (1L << (len << 3)) - 1;
        // the high bit of each byte below 0x21 or above 0x7F
        long odd = (v | ~((v | HIGH) - 0x2121212121212121L)) & HIGH & mask;
        if (odd != 0) {
            return nameId(b, from, len);
        }
        // Setting 0x20 lowers the letters and leaves the other units of known names (digits,
        // '-') as they are; a unit it changes otherwise makes a name no known one.
        return Names.id((v | 0x2020202020202020L) & mask, 0, len);
    }

    /** {@link Names#id} of the name of {@code len} units at {@code b[from]}, any case. */
    static int nameId(byte[] b, int from, int len) {
        long head = 0;
        long tail = 0;
        for (int n = 0; n < len && n < 16; n++) {
            int c = b[from + n] & 0xFF;
            if (c == 0 || c >= 128) {
                return -1;
            }
            long lc = c >= 'A' && c <= 'Z' ? c + 32 : c;
            if (n < 8) {
                head |= lc << (n << 3);
            } else {
                tail |= lc << ((n - 8) << 3);
            }
        }
        return Names.id(head, tail, len);
    }

    /**
     * Reads the attributes of a tag from {@code b[k]} (the whitespace or '/' after its name)
     * as the tokenizer's states do; answers the index after its '>' shifted left by one, with
     * the low bit set when the tag ended with "/>"; or -1 (the tag is not all in this write,
     * or has an attribute that may be data-helpline-*).
     */
    static int attributes(byte[] b, int k, int end, boolean startTag) {
        byte[] step = startTag ? START_STEP : END_STEP;
        int st = b[k] == '/' ? SELF_CLOSING : BEFORE_NAME;
        k++;
        while (true) {
            if (k >= end) {
                return -1;
            }
            int s = step[(st << 3) | TAG[b[k] & 0xFF]];
            k++;
            if (s < OPEN_DQ) {
                st = s;
            } else if (s >= END) {
                return k << 1 | (s == END_SELF ? 1 : 0);
            } else if (s == NAME_D) {
                if (helplineAttribute(b, k - 1, end)) {
                    return -1;
                }
                st = NAME;
            } else {
                byte q = s == OPEN_DQ ? (byte) '"' : (byte) '\'';
                while (k < end && b[k] != q) {
                    k++;
                }
                if (++k > end) {
                    return -1;
                }
                st = AFTER_QUOTED;
            }
        }
    }

    /** {@link Tokenizer#nameKey()} of the name at {@code b[from..from+len)}. */
    static long key(byte[] b, int from, int len) {
        long key = Math.min(len, 17); // the tokenizer stops counting there
        for (int m = 0, n = Math.min(len, 16); m < n; m++) {
            int c = b[from + m] & 0xFF;
            key = Tokenizer.nameKeyStep(key, c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return key;
    }

    private static final byte[] HELPLINE_ATTRIBUTE = {'d', 'a', 't', 'a', '-', 'h', 'e', 'l', 'p', 'l', 'i', 'n', 'e', '-', 's'};

    /**
     * Whether the attribute name at {@code b[at]} may be {@code data-helpline-skip} or
     * {@code -slot} (any case); also when the write ends before that can be told.
     */
    private static boolean helplineAttribute(byte[] b, int at, int end) {
        if (end - at < HELPLINE_ATTRIBUTE.length) {
            return true;
        }
        for (int m = 0; m < HELPLINE_ATTRIBUTE.length; m++) {
            int c = b[at + m];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != HELPLINE_ATTRIBUTE[m]) {
                return false;
            }
        }
        return true;
    }
}
