package dev.helpline.core.html.internal;

/**
 * The kinds of place a host marks for a piece of the widget, and how each is written: an
 * element {@code <div data-helpline-slot="NAME">}, whose first child it becomes, and a comment
 * {@code <!-- helpline:NAME -->}, which it replaces. One today, the call-to-action box.
 *
 * <p>The body scanner reads slots through this class only, a kind at a time: a kind added
 * here is found as this one is, and what it needs in the scanner is its fragment
 * ({@code BodyScanner.fragment}: the text the page's widget gave for it).
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

    /** The attribute that marks an element as a slot. */
    static final String ATTRIBUTE = "data-helpline-slot";
    /** The element a slot attribute is honoured on. */
    static final String ELEMENT = "div";

    private static final String MARKER_PREFIX = "helpline:";
    /** Every kind, in order (values() makes a new array each call); not to be written to. */
    static final SlotRule[] ALL = values();

    /** The value of {@code data-helpline-slot}, lower case. */
    final String name;
    /** The comment's text, without "&lt;!--", "-->" and the spaces around it. */
    final String marker;

    SlotRule(String name) {
        this.name = checkFits(name);
        this.marker = MARKER_PREFIX + name;
    }

    /** {@code name}, if the scanner can read all of it in an attribute value and in a marker comment; else it throws. */
    static String checkFits(String name) {
        // "<!--" is read before the buffer; the buffer holds " helpline:NAME -->" at least
        if (name.length() > Tokenizer.ATTR_VALUE_MAX || MARKER_PREFIX.length() + name.length() + 2 + 3 > MARKER_MAX) {
            throw new IllegalStateException("slot name '" + name + "' is longer than the scanner reads ("
                    + Tokenizer.ATTR_VALUE_MAX + " units of an attribute value, " + MARKER_MAX + " of a comment)");
        }
        return name;
    }

    /**
     * Whether an attribute name, as the tokenizer reports it (lower case, its first
     * {@link Tokenizer#ATTR_NAME_MAX} units held, {@code nameLen} the full length), is
     * {@link #ATTRIBUTE}: the same length and the same units as far as held, which tells it
     * from {@code data-helpline-skip} ("...-sk").
     */
    static boolean isAttribute(char[] name, int nameLen) {
        if (nameLen != ATTRIBUTE.length()) {
            return false;
        }
        for (int i = 0, held = Math.min(nameLen, Tokenizer.ATTR_NAME_MAX); i < held; i++) {
            if (name[i] != ATTRIBUTE.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The kind a comment marks, or null: {@code c[0..len)} is what followed "&lt;!--", up to
     * and including its "-->" (as the scanner reads it); spaces around the marker are allowed.
     */
    static SlotRule ofComment(char[] c, int len) {
        int n = len;
        if (n >= 3 && c[n - 1] == '>' && c[n - 2] == '-' && c[n - 3] == '-') {
            n -= 3;
        } else {
            return null;
        }
        int s = 0;
        while (s < n && c[s] == ' ') {
            s++;
        }
        while (n > s && c[n - 1] == ' ') {
            n--;
        }
        return ofMarker(c, s, n - s);
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
