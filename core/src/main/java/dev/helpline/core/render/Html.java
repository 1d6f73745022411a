package dev.helpline.core.render;

/**
 * Escaping for the two HTML contexts the renderer writes into. Configuration text only
 * ever reaches markup through these methods.
 */
public final class Html {
    private Html() {
    }

    /** Escapes text for an element's content. */
    public static String text(String s) {
        return escape(s, false);
    }

    /** Escapes text for a double-quoted attribute value. */
    public static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder b = null;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int width = 1;
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> attribute ? "&quot;" : null;
                case '\'' -> attribute ? "&#39;" : null;
                case '\u0000' -> "&#xFFFD;";
                default -> null;
            };
            if (rep == null && c > 0x7E) {
                // Non-ASCII as a character reference: the fragment then reads the same in
                // every ASCII-compatible charset a host page may declare, or none.
                int cp = c;
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    cp = Character.toCodePoint(c, s.charAt(i + 1));
                    width = 2;
                } else if (Character.isSurrogate(c)) {
                    cp = 0xFFFD; // a lone surrogate is not text
                }
                rep = "&#x" + Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT) + ";";
            }
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
            i += width;
        }
        return b == null ? s : b.toString();
    }
}
