package dev.helpline.core.html.internal;

import java.util.Arrays;

/**
 * The svg and MathML elements open, outermost first: each one's name key
 * ({@link Tokenizer#nameKey()}) and what it is to the parser (an svg or MathML element, or an
 * integration point, where markup follows the HTML rules again). Both readers of a page follow
 * foreign content with it: the head's {@link Tracker} until the body is certain, the
 * {@link BodyScanner} after.
 *
 * <p>Made the first time an svg or math element opens; not thread safe.
 */
final class ForeignStack {
    /** An element in the svg namespace that is no integration point. */
    static final byte SVG = 0;
    /** An element in the MathML namespace that is no text integration point. */
    static final byte MATH = 1;
    /** An svg foreignObject, desc or title: an HTML integration point. */
    static final byte SVG_HTML_POINT = 2;
    /** A MathML mi, mo, mn, ms or mtext: a MathML text integration point. */
    static final byte MATH_TEXT_POINT = 3;

    private long[] keys = new long[8];
    private byte[] kinds = new byte[8];
    private int len;

    ForeignStack() {
    }

    private ForeignStack(ForeignStack from) {
        keys = from.keys.clone();
        kinds = from.kinds.clone();
        len = from.len;
    }

    ForeignStack copy() {
        return new ForeignStack(this);
    }

    /** What an element named {@code name} (lower case) inserted in the svg, else the MathML, namespace is. */
    static byte kind(boolean svg, String name) {
        if (svg) {
            return name.equals("foreignobject") || name.equals("desc") || name.equals("title") ? SVG_HTML_POINT : SVG;
        }
        return switch (name) {
            case "mi", "mo", "mn", "ms", "mtext" -> MATH_TEXT_POINT;
            default -> MATH;
        };
    }

    static boolean isIntegrationPoint(byte kind) {
        return kind == SVG_HTML_POINT || kind == MATH_TEXT_POINT;
    }

    static boolean isSvg(byte kind) {
        return kind == SVG || kind == SVG_HTML_POINT;
    }

    int size() {
        return len;
    }

    /** The innermost element's kind; only while one is open. */
    byte top() {
        return kinds[len - 1];
    }

    void push(long key, byte kind) {
        if (len == keys.length) {
            keys = Arrays.copyOf(keys, len * 2);
            kinds = Arrays.copyOf(kinds, len * 2);
        }
        keys[len] = key;
        kinds[len] = kind;
        len++;
    }

    /** The depth of the innermost open element with this name key, or -1. */
    int lastIndexOf(long key) {
        for (int k = len - 1; k >= 0; k--) {
            if (keys[k] == key) {
                return k;
            }
        }
        return -1;
    }

    /** Keeps the outermost {@code n} (pops the rest). */
    void truncate(int n) {
        len = n;
    }

    /** Whether any open element is an integration point. */
    boolean integrationPointOpen() {
        for (int k = 0; k < len; k++) {
            if (isIntegrationPoint(kinds[k])) {
                return true;
            }
        }
        return false;
    }

    /** Pops elements until the innermost is an integration point, or none is open. */
    void popToIntegrationPoint() {
        while (len > 0 && !isIntegrationPoint(kinds[len - 1])) {
            len--;
        }
    }
}
