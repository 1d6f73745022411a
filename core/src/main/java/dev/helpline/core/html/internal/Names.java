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
        "img", "image", "keygen", "wbr", "input", "hr", "param", "source", "track", "p",
        "foreignobject", "desc", "mi", "mo", "mn", "ms", "mtext", "annotation-xml",
        "b", "big", "blockquote", "center", "code", "div", "dl", "em", "h1", "h2", "h3",
        "h4", "h5", "h6", "i", "menu", "nobr", "ol", "ruby", "s", "small", "span", "strong",
        "strike", "sub", "sup", "tt", "u", "ul", "var", "font", "frame",
    };

    private static final String[][] BY_LENGTH = new String[16][];

    static {
        for (int len = 0; len < BY_LENGTH.length; len++) {
            final int l = len;
            BY_LENGTH[len] = java.util.Arrays.stream(KNOWN).filter(k -> k.length() == l).toArray(String[]::new);
        }
    }

    private Names() {
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

    /** The known name spelled by {@code buf[0..len)} (already lower case), or "". */
    public static String lookup(char[] buf, int len) {
        if (len >= BY_LENGTH.length) {
            return "";
        }
        outer:
        for (String k : BY_LENGTH[len]) {
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
