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
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> attribute ? "&quot;" : null;
                case '\'' -> attribute ? "&#39;" : null;
                case '\u0000' -> "\uFFFD";
                default -> null;
            };
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
