package dev.helpline.core.html.internal;

/**
 * The kinds of place a host marks for a piece of the widget, and how each is written: an
 * element {@code <div data-helpline-slot="NAME">}, whose first child it becomes, and a comment
 * {@code <!-- helpline:NAME -->}, which it replaces. One today, the call-to-action box;
 * a kind added here is matched by the body scanner as this one is.
 *
 * <p>The scanner sees an attribute value through the tokenizer, which keeps at most
 * {@link Tokenizer#ATTR_VALUE_MAX} units of it, and a comment through a buffer of
 * {@link #MARKER_MAX} units: a name that did not fit would silently never match, so a kind
 * whose name is longer fails when this class loads (and SlotRuleTest checks every kind).
 */
enum SlotRule {
    /** The call-to-action box ({@code PageWidget.ctaBox}). */
    CTA("cta");

    /** The longest comment the scanner reads whole, after "&lt;!--" and with its "-->". */
    static final int MARKER_MAX = 40;

    private static final String MARKER_PREFIX = "helpline:";
    private static final SlotRule[] ALL = values();

    /** The value of {@code data-helpline-slot}, lower case. */
    final String name;
    /** The comment's text, without "&lt;!--", "-->" and the spaces around it. */
    final String marker;

    SlotRule(String name) {
        this.name = name;
        this.marker = MARKER_PREFIX + name;
        if (name.length() > Tokenizer.ATTR_VALUE_MAX || marker.length() + 2 + 3 > MARKER_MAX) {
            throw new IllegalStateException("slot name '" + name + "' is longer than the scanner reads ("
                    + Tokenizer.ATTR_VALUE_MAX + " units of an attribute value, " + MARKER_MAX + " of a comment)");
        }
    }

    /**
     * The kind whose name is the attribute value {@code value[0..valueLen)} (ASCII case
     * insensitive, as the tokenizer reports it: at most {@link Tokenizer#ATTR_VALUE_MAX}
     * units held, {@code valueLen} the full length), or null.
     */
    static SlotRule ofAttribute(byte[] value, int valueLen) {
        for (SlotRule r : ALL) {
            if (r.name.length() == valueLen && sameIgnoringAsciiCase(r.name, value)) {
                return r;
            }
        }
        return null;
    }

    /** The kind whose marker is {@code c[from..from+len)} exactly, or null. */
    static SlotRule ofMarker(char[] c, int from, int len) {
        for (SlotRule r : ALL) {
            if (r.marker.length() == len && same(r.marker, c, from)) {
                return r;
            }
        }
        return null;
    }

    private static boolean same(String marker, char[] c, int from) {
        for (int i = 0; i < marker.length(); i++) {
            if (c[from + i] != marker.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameIgnoringAsciiCase(String name, byte[] value) {
        for (int i = 0; i < name.length(); i++) {
            int v = value[i] & 0xFF;
            if ((v >= 'A' && v <= 'Z' ? v + 32 : v) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
