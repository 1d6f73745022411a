package dev.helpline.core.html.internal;

/**
 * The tag names the rewriter acts on, so that finding one costs no allocation. Any other
 * name is reported as {@code ""}.
 */
public final class Names {
    private static final String[] KNOWN = {
        "html", "head", "body", "frameset", "base", "basefont", "bgsound", "link", "meta",
        "title", "noscript", "noframes", "style", "script", "template", "br", "textarea",
        "xmp", "iframe", "noembed", "plaintext", "svg", "math", "select", "pre", "listing",
        "li", "dd", "dt", "button", "applet", "marquee", "object", "table", "area", "embed",
        "img", "keygen", "wbr", "input", "hr", "param", "source", "track", "p",
        "foreignobject", "desc", "mi", "mo", "mn", "ms", "mtext", "annotation-xml",
        "b", "big", "blockquote", "center", "code", "div", "dl", "em", "h1", "h2", "h3",
        "h4", "h5", "h6", "i", "menu", "nobr", "ol", "ruby", "s", "small", "span", "strong",
        "strike", "sub", "sup", "tt", "u", "ul", "var", "font", "frame",
        // in body, for inline numbers and slots
        "a", "label", "option", "optgroup", "article", "main", "section", "aside", "nav",
        "header", "footer", "address", "details", "dialog", "dir", "fieldset", "figcaption",
        "figure", "form", "hgroup", "search", "summary", "caption", "td", "th", "tr", "tbody",
        "thead", "tfoot", "col", "colgroup", "mglyph", "malignmark", "image",
        // in body: with a ruby open, their start tags pop an li, dd or dt
        "rb", "rp", "rt", "rtc",
    };

    // A name is packed one character per byte, the first eight into one long and the next
    // eight into another (character i in bits 8i to 8i+7, as a little-endian load of the
    // bytes would have it), so that looking it up needs neither a String nor a buffer. Names of
    // up to 8 characters are found in an open-addressing table; the few longer ones are
    // compared one by one.
    private static final int SLOTS = 512;
    private static final long[] KEYS = new long[SLOTS];
    private static final int[] IDS = new int[SLOTS];
    private static final long[] LONG_HEADS;
    private static final long[] LONG_TAILS;
    private static final int[] LONG_IDS;

    static {
        java.util.List<Integer> longIds = new java.util.ArrayList<>();
        for (int id = 0; id < KNOWN.length; id++) {
            String k = KNOWN[id];
            if (k.length() > 8) {
                longIds.add(id);
                continue;
            }
            long key = pack(k, 0, k.length());
            int h = slot(key);
            while (KEYS[h] != 0) {
                h = (h + 1) & (SLOTS - 1);
            }
            KEYS[h] = key;
            IDS[h] = id;
        }
        LONG_HEADS = new long[longIds.size()];
        LONG_TAILS = new long[longIds.size()];
        LONG_IDS = new int[longIds.size()];
        for (int i = 0; i < LONG_IDS.length; i++) {
            String k = KNOWN[longIds.get(i)];
            LONG_HEADS[i] = pack(k, 0, 8);
            LONG_TAILS[i] = pack(k, 8, k.length());
            LONG_IDS[i] = longIds.get(i);
        }
    }

    private static long pack(String s, int from, int to) {
        long key = 0;
        for (int i = from; i < to; i++) {
            key |= (long) s.charAt(i) << ((i - from) << 3);
        }
        return key;
    }

    private Names() {
    }

    /** Every name {@link #lookup} can answer (the same String instances). */
    public static java.util.List<String> known() {
        return java.util.List.of(KNOWN);
    }

    private static int slot(long key) {
        // Fibonacci hashing: short names differ only in their low bytes, which a mask alone clusters.
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 55);
    }

    static boolean lookupRef(char[] buf, int len, String name) {
        if (len != name.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** How many names {@link #id} can answer. */
    public static int count() {
        return KNOWN.length;
    }

    /**
     * Whether this start tag, met in svg or MathML content outside an integration point,
     * ends that content (the tree builder pops back to HTML and handles it there); a
     * {@code font} does so only with a color, face or size attribute, which callers check.
     */
    public static boolean breaksOutOfForeignContent(String name) {
        switch (name) {
            case "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl",
                    "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i",
                    "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby",
                    "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
                    "ul", "var":
                return true;
            default:
                return false;
        }
    }

    /** The name with this {@link #id}. */
    public static String name(int id) {
        return KNOWN[id];
    }

    /**
     * The index of the known name of {@code len} characters (lower case ASCII) whose first
     * eight are packed into {@code head} and the next eight into {@code tail}, or -1. The
     * caller sees to it that no character is 0 or above 127 (such a name is not known).
     */
    public static int id(long head, long tail, int len) {
        if (len <= 8) {
            if (len == 0) {
                return -1;
            }
            for (int h = slot(head); KEYS[h] != 0; h = (h + 1) & (SLOTS - 1)) {
                if (KEYS[h] == head) {
                    return IDS[h];
                }
            }
            return -1;
        }
        if (len <= 16) {
            for (int i = 0; i < LONG_IDS.length; i++) {
                if (LONG_HEADS[i] == head && LONG_TAILS[i] == tail && KNOWN[LONG_IDS[i]].length() == len) {
                    return LONG_IDS[i];
                }
            }
        }
        return -1;
    }

    /** The index of the known name spelled by {@code buf[0..len)} (already lower case), or -1. */
    public static int id(char[] buf, int len) {
        if (len <= 8) {
            long head = 0;
            for (int i = 0; i < len; i++) {
                char c = buf[i];
                if (c == 0 || c >= 128) { // no known name has it (and a 0 would pack like a shorter name)
                    return -1;
                }
                head |= (long) c << (i << 3);
            }
            return id(head, 0, len);
        }
        if (len > 16) {
            return -1;
        }
        long head = 0;
        long tail = 0;
        for (int i = 0; i < len; i++) {
            char c = buf[i];
            if (c == 0 || c >= 128) {
                return -1;
            }
            if (i < 8) {
                head |= (long) c << (i << 3);
            } else {
                tail |= (long) c << ((i - 8) << 3);
            }
        }
        return id(head, tail, len);
    }

    /** The known name spelled by {@code buf[0..len)} (already lower case), or "". */
    public static String lookup(char[] buf, int len) {
        int id = id(buf, len);
        return id < 0 ? "" : KNOWN[id];
    }
}
