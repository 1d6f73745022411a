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
    };

    // Names of up to 8 characters packed into a long, in an open-addressing table; the
    // few longer ones are compared one by one.
    private static final int SLOTS = 512;
    private static final long[] KEYS = new long[SLOTS];
    private static final String[] VALUES = new String[SLOTS];
    private static final int[] IDS = new int[SLOTS];
    private static final String[] LONG_NAMES;

    static {
        java.util.List<String> longNames = new java.util.ArrayList<>();
        for (String k : KNOWN) {
            if (k.length() > 8) {
                longNames.add(k);
                continue;
            }
            long key = 0;
            for (int i = 0; i < k.length(); i++) {
                key = (key << 8) | k.charAt(i);
            }
            int h = slot(key);
            while (KEYS[h] != 0) {
                h = (h + 1) & (SLOTS - 1);
            }
            KEYS[h] = key;
            VALUES[h] = k;
            IDS[h] = java.util.Arrays.asList(KNOWN).indexOf(k);
        }
        LONG_NAMES = longNames.toArray(new String[0]);
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

    /** The name with this {@link #id}. */
    public static String name(int id) {
        return KNOWN[id];
    }

    /** The index of the known name spelled by {@code buf[0..len)} (already lower case), or -1. */
    public static int id(char[] buf, int len) {
        if (len == 0) {
            return -1;
        }
        if (len <= 8) {
            long key = 0;
            for (int i = 0; i < len; i++) {
                char c = buf[i];
                if (c >= 128) {
                    return -1;
                }
                key = (key << 8) | c;
            }
            for (int h = slot(key); KEYS[h] != 0; h = (h + 1) & (SLOTS - 1)) {
                if (KEYS[h] == key) {
                    return IDS[h];
                }
            }
            return -1;
        }
        String n = lookup(buf, len);
        return n.isEmpty() ? -1 : java.util.Arrays.asList(KNOWN).indexOf(n);
    }

    /** The known name spelled by {@code buf[0..len)} (already lower case), or "". */
    public static String lookup(char[] buf, int len) {
        if (len == 0) {
            return "";
        }
        if (len <= 8) {
            long key = 0;
            for (int i = 0; i < len; i++) {
                char c = buf[i];
                if (c >= 128) {
                    return "";
                }
                key = (key << 8) | c;
            }
            for (int h = slot(key); KEYS[h] != 0; h = (h + 1) & (SLOTS - 1)) {
                if (KEYS[h] == key) {
                    return VALUES[h];
                }
            }
            return "";
        }
        outer:
        for (String k : LONG_NAMES) {
            if (k.length() != len) {
                continue;
            }
            for (int i = 0; i < len; i++) {
                if (k.charAt(i) != buf[i]) {
                    continue outer;
                }
            }
            return k;
        }
        return "";
    }
}
